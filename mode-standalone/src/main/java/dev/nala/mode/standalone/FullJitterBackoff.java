package dev.nala.mode.standalone;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1 for the first retry) sleep
 * {@code random(0, min(max, initial * multiplier^(n-1)))}.
 *
 * <p>Full jitter spreads the retries of many clients that failed at the same moment over the
 * whole interval, instead of sending them back in synchronized waves (AWS Architecture Blog,
 * "Exponential Backoff and Jitter"). Resilience4j's own randomized backoff jitters around the
 * interval instead, so this is written as a Resilience4j {@link IntervalFunction}.
 */
final class FullJitterBackoff implements IntervalFunction {
    private final double initialMillis;
    private final double multiplier;
    private final double maxMillis;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1); production code passes {@code ThreadLocalRandom} */
    FullJitterBackoff(Duration initial, double multiplier, Duration max, DoubleSupplier random) {
        this.initialMillis = initial.toMillis();
        this.multiplier = multiplier;
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The largest sleep before retry {@code retry}: {@code min(max, initial * multiplier^(retry-1))}. */
    double ceilingMillis(int retry) {
        double ceiling = initialMillis * Math.pow(multiplier, Math.max(0, retry - 1));
        return Math.min(maxMillis, ceiling);
    }

    @Override
    public Long apply(Integer retry) {
        return (long) (random.getAsDouble() * ceilingMillis(retry));
    }
}
