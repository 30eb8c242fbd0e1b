package dev.nala.internal.settings;

import java.time.Duration;
import java.util.Set;

/**
 * How standalone mode retries a call ({@code retry.*}).
 *
 * @param maxAttempts the first included; 1 means no retry
 * @param nonIdempotent whether POST and PATCH may be retried without an Idempotency-Key
 */
public record RetrySettings(
        int maxAttempts,
        Duration initialBackoff,
        double backoffMultiplier,
        Duration maxBackoff,
        Set<Integer> onStatus,
        boolean nonIdempotent,
        RetryBudgetSettings budget) {

    static RetrySettings read(SettingsReader retry) {
        SettingsReader backoff = retry.at("backoff");
        Duration initial = backoff.duration("initial", Duration.ZERO, Duration.ofMinutes(1));
        Duration max = backoff.duration("max", Duration.ZERO, Duration.ofMinutes(10));
        if (backoff.clean() && max.compareTo(initial) < 0) {
            throw backoff.invalid(
                    "max",
                    "must not be shorter than " + backoff.path("initial") + " (" + DurationText.of(initial) + ")");
        }
        return new RetrySettings(
                retry.intBetween("max-attempts", 1, 100),
                initial,
                backoff.doubleBetween("multiplier", 1.0, 100.0),
                max,
                Set.copyOf(retry.intList("on-status", 100, 599)),
                retry.bool("non-idempotent"),
                RetryBudgetSettings.read(retry.at("budget")));
    }
}
