package dev.nala.tools.generate;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as each mesh's resources accept them. */
final class MeshDuration {
    private MeshDuration() {}

    /**
     * Istio reads durations as protobuf JSON, which only knows seconds: {@code 2s}, {@code 0.25s}
     * (a {@code 250ms} would be refused).
     */
    static String istio(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros();
        return seconds.toPlainString() + "s";
    }

    /**
     * Linkerd's annotations (and Gateway API durations) take whole units: {@code 8s}, {@code 250ms};
     * anything finer than a millisecond is rounded up to one.
     */
    static String linkerd(Duration duration) {
        long millis = duration.toMillis() + (duration.toNanos() % 1_000_000 == 0 ? 0 : 1);
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
