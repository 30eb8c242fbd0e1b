package dev.nala.internal.settings;

import java.time.Duration;

/**
 * The adaptive concurrency limit of one service in standalone mode ({@code concurrency-limit.*}):
 * attempts in flight to all its instances, growing while latency holds, shrinking when it rises.
 *
 * @param maxQueued with {@link WhenExceeded#WAIT}: attempts waiting at once; one more fails at once
 */
public record ConcurrencyLimitSettings(
        boolean enabled, int initial, int min, int max, WhenExceeded whenExceeded, int maxQueued, Duration maxWait) {

    public enum WhenExceeded {
        /** In a bounded queue, for a bounded time. */
        WAIT,
        /** Fails at once. */
        FAIL
    }

    static ConcurrencyLimitSettings read(SettingsReader limit) {
        boolean enabled = limit.bool("enabled");
        int initial = limit.intBetween("initial", 1, DispatcherSettings.LIMIT);
        int min = limit.intBetween("min", 1, DispatcherSettings.LIMIT);
        int max = limit.intBetween("max", 1, DispatcherSettings.LIMIT);
        if (limit.clean() && (initial < min || initial > max)) {
            throw limit.invalid(
                    "initial",
                    "must lie between " + limit.path("min") + " (" + min + ") and " + limit.path("max") + " (" + max
                            + ")");
        }
        return new ConcurrencyLimitSettings(
                enabled,
                initial,
                min,
                max,
                limit.choice("when-exceeded", WhenExceeded.class),
                limit.intBetween("max-queued", 0, DispatcherSettings.LIMIT),
                limit.duration("max-wait", Duration.ZERO, Duration.ofMinutes(10)));
    }
}
