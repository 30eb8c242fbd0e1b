package dev.nala.internal.settings;

import java.time.Duration;

/** Durations as written in HOCON, for messages: 250ms, 2s (not Java's PT0.25S). */
public final class DurationText {
    private DurationText() {}

    public static String of(Duration duration) {
        long millis = duration.toMillis();
        if (!duration.equals(Duration.ofMillis(millis))) {
            return duration.toNanos() + "ns";
        }
        if (millis % 3_600_000 == 0 && millis != 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis != 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
