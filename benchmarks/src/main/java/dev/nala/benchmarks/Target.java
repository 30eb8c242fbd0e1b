package dev.nala.benchmarks;

import java.time.Duration;

/**
 * Where the contenders send their calls.
 *
 * @param port the loopback server's port, or 0 for no network at all: a {@link CannedResponse}
 *     ends every chain
 * @param endpoints how many static endpoints standalone mode lists for {@code bench-service}
 *     when canned (made-up addresses, never contacted); against the server it lists the server
 * @param retryWait the wait between attempts of the retrying contenders
 * @param breakers whether the contenders that can have circuit breakers have them
 */
record Target(int port, int endpoints, Duration retryWait, boolean breakers) {
    static final String SERVICE = "bench-service";

    /** No network: every call ends in a canned {@code 200}. */
    static Target canned() {
        return new Target(0, 3, Duration.ofMillis(100), true);
    }

    /** The loopback server on {@code port}. */
    static Target loopback(int port) {
        return new Target(port, 1, Duration.ofMillis(100), true);
    }

    boolean isCanned() {
        return port == 0;
    }

    Target withEndpoints(int count) {
        return new Target(port, count, retryWait, breakers);
    }

    Target withRetryWait(Duration wait) {
        return new Target(port, endpoints, wait, breakers);
    }

    Target withBreakers(boolean on) {
        return new Target(port, endpoints, retryWait, on);
    }

    /** The URL for clients without discovery: the server's address, or any address when canned. */
    String directUrl() {
        return "http://127.0.0.1:" + (isCanned() ? 8080 : port) + "/x";
    }

    /** The URL for Nala: the logical service name. */
    String logicalUrl() {
        return "http://" + SERVICE + "/x";
    }
}
