package dev.nala.discovery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The pause after the n-th failed request in a row: doubling from {@code initial} to {@code max},
 * jittered between half and all of it so watches and replicas do not retry in lockstep.
 */
final class ErrorBackoff {
    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;

    ErrorBackoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(initialNanos, max.toNanos());
        this.random = random;
    }

    /** @param failures failed requests in a row, at least 1 */
    Duration pauseAfter(int failures) {
        double cap = Math.min(maxNanos, initialNanos * Math.pow(2, Math.min(failures - 1, 62)));
        double half = cap / 2;
        return Duration.ofNanos((long) (half + random.getAsDouble() * half));
    }

    Duration max() {
        return Duration.ofNanos(maxNanos);
    }
}
