package dev.nala.internal.settings;

import java.time.Duration;

/**
 * The per-service retry budget ({@code retry.budget.*}): retries may add at most {@code ratio}
 * on top of first attempts, plus {@code minPerSecond}, over {@code window}.
 */
public record RetryBudgetSettings(boolean enabled, double ratio, int minPerSecond, Duration window) {

    static RetryBudgetSettings read(SettingsReader budget) {
        return new RetryBudgetSettings(
                budget.bool("enabled"),
                budget.doubleBetween("ratio", 0.0, 10.0),
                budget.intBetween("min-per-second", 0, 1_000_000),
                budget.duration("window", Duration.ofSeconds(1), Duration.ofHours(1)));
    }
}
