package dev.nala.breaker.redis;

import dev.nala.internal.ServiceName;

/**
 * Where one application's circuit state lives in Redis: a key per service that exists while the
 * circuit is open ({@code <prefix>:circuit:<service>}, with a TTL of the open time), and one
 * channel for openings and closings ({@code <prefix>:circuit:events}).
 */
record CircuitKeys(String prefix) {

    String key(ServiceName service) {
        return prefix + ":circuit:" + service.value();
    }

    String channel() {
        return prefix + ":circuit:events";
    }
}
