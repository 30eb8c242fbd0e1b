package dev.nala.breaker.redis;

import dev.nala.DeploymentReport.Severity;
import dev.nala.NalaConfigurationException;
import dev.nala.internal.settings.RedisSettings;
import dev.nala.spi.Diagnosis;
import redis.clients.jedis.Jedis;

/**
 * Whether Redis answers a PING, for a deployment report. Unreachable is a warning: breakers keep
 * working on their own and share again once Redis is back. Shows scheme, host and port only.
 */
final class RedisReachability {
    private static final String PART = "redis";

    private RedisReachability() {}

    static void diagnose(RedisSettings settings, Diagnosis diagnosis) {
        RedisAddress address;
        try {
            address = RedisAddress.parse(settings.uri());
        } catch (NalaConfigurationException e) {
            diagnosis.finding(PART, Severity.ERROR, e.getMessage());
            return;
        }
        try (Jedis jedis = address.connect(diagnosis.probeTimeout(), diagnosis.probeTimeout())) {
            String answer = jedis.ping();
            diagnosis.note(PART, address + " (key prefix " + settings.keyPrefix() + "): answers " + answer);
        } catch (RuntimeException e) {
            diagnosis.finding(
                    PART,
                    Severity.WARNING,
                    address + " does not answer ("
                            + address.redact(e.getClass().getSimpleName() + ": " + e.getMessage())
                            + "); breakers still work, each replica on its own, until it does");
        }
    }
}
