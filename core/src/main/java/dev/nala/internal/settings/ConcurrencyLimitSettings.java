package dev.nala.internal.settings;

import java.time.Duration;

/**
 * The adaptive concurrency limit of one service in standalone mode ({@code concurrency-limit.*}):
 * how many attempts may be in flight to the service at once, all its instances together, a limit
 * that grows while the service's latency holds and shrinks when it rises.
 *
 * @param enabled whether the service's attempts are limited at all
 * @param initial the limit to start from
 * @param min the limit never goes below this
 * @param max the limit never goes above this
 * @param whenExceeded what an attempt over the limit does
 * @param maxQueued with {@link WhenExceeded#WAIT}: attempts waiting at once; one more fails at once
 * @param maxWait with {@link WhenExceeded#WAIT}: the longest an attempt waits for a place
 */
public record ConcurrencyLimitSettings(
        boolean enabled, int initial, int min, int max, WhenExceeded whenExceeded, int maxQueued, Duration maxWait) {

    /** What an attempt over the limit does. */
    public enum WhenExceeded {
        /** Waits for a place, in a bounded queue, for a bounded time. */
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
