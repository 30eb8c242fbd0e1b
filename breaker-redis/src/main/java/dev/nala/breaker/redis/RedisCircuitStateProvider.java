package dev.nala.breaker.redis;

import dev.nala.internal.settings.RedisSettings;
import dev.nala.spi.Diagnosis;
import dev.nala.spi.ModeContext;
import dev.nala.spi.SharedCircuitState;
import dev.nala.spi.SharedCircuitStateProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers Redis-backed shared circuit state with {@link java.util.ServiceLoader}. Applications
 * never call it: adding this module and setting {@code circuit-breaker.shared-state = redis} is enough.
 */
public final class RedisCircuitStateProvider implements SharedCircuitStateProvider {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCircuitStateProvider.class);

    @Override
    public SharedCircuitState start(ModeContext context) {
        RedisSettings redis = context.settings().redis();
        RedisAddress address = RedisAddress.parse(redis.uri());
        RedisCircuitState state = RedisCircuitState.start(address, redis.keyPrefix(), Timings.DEFAULT);
        LOG.info(
                "Sharing circuit breaker openings and closings through Redis at {} (key prefix {})",
                address,
                redis.keyPrefix());
        return state;
    }

    @Override
    public void diagnose(ModeContext context, Diagnosis diagnosis) {
        RedisReachability.diagnose(context.settings().redis(), diagnosis);
    }
}
