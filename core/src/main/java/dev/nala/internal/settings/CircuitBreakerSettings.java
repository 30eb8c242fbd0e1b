package dev.nala.internal.settings;

import java.time.Duration;

/**
 * The per-service circuit breaker in standalone mode ({@code circuit-breaker.*}).
 *
 * @param enabled whether the breaker is used at all
 * @param failureRateThreshold percent of failed calls in the window that opens the breaker
 * @param slidingWindowSize how many recent calls make the window
 * @param minimumCalls calls needed in the window before the breaker decides anything
 * @param waitInOpen how long the breaker stays open before it lets probes through
 * @param halfOpenCalls how many probe calls are let through while half-open
 * @param sharedState whether openings are shared with other replicas
 */
public record CircuitBreakerSettings(
        boolean enabled,
        int failureRateThreshold,
        int slidingWindowSize,
        int minimumCalls,
        Duration waitInOpen,
        int halfOpenCalls,
        SharedState sharedState) {

    /** Where a breaker's state lives. */
    public enum SharedState {
        /** Each replica decides on its own. */
        NONE,
        /** Openings and closings are shared with other replicas through Redis. */
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
