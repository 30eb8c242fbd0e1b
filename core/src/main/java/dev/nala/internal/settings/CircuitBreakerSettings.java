package dev.nala.internal.settings;

import java.time.Duration;

/**
 * The per-service circuit breaker in standalone mode ({@code circuit-breaker.*}).
 *
 * @param failureRateThreshold percent of failed calls in the window
 */
public record CircuitBreakerSettings(
        boolean enabled,
        int failureRateThreshold,
        int slidingWindowSize,
        int minimumCalls,
        Duration waitInOpen,
        int halfOpenCalls,
        SharedState sharedState) {

    public enum SharedState {
        /** Each replica decides on its own. */
        NONE,
        /** Through Redis. */
        REDIS
    }

    static CircuitBreakerSettings read(SettingsReader breaker) {
        return new CircuitBreakerSettings(
                breaker.bool("enabled"),
                breaker.intBetween("failure-rate-threshold", 1, 100),
                breaker.intBetween("sliding-window-size", 1, 100_000),
                breaker.intBetween("minimum-calls", 1, 100_000),
                breaker.duration("wait-in-open", Duration.ofMillis(1), Duration.ofHours(1)),
                breaker.intBetween("half-open-calls", 1, 1_000),
                breaker.choice("shared-state", SharedState.class));
    }
}
