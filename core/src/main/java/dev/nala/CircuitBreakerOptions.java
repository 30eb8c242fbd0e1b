package dev.nala;

import java.time.Duration;

/** A service's {@code circuit-breaker} block written in code; see {@link ServiceOptions#circuitBreaker}. */
public final class CircuitBreakerOptions {
    private final SettingsInCode.Block block;

    CircuitBreakerOptions(SettingsInCode.Block block) {
        this.block = block;
    }

    /** {@code circuit-breaker.enabled}. */
    public CircuitBreakerOptions enabled(boolean enabled) {
        block.set("enabled", enabled);
        return this;
    }

    /** {@code circuit-breaker.failure-rate-threshold}: percent of failed calls that opens the breaker. */
    public CircuitBreakerOptions failureRateThreshold(int percent) {
        block.set("failure-rate-threshold", percent);
        return this;
    }

    /** {@code circuit-breaker.sliding-window-size}: the last N calls make the window. */
    public CircuitBreakerOptions slidingWindowSize(int calls) {
        block.set("sliding-window-size", calls);
        return this;
    }

    /** {@code circuit-breaker.minimum-calls}: no decision before this many calls are in the window. */
    public CircuitBreakerOptions minimumCalls(int calls) {
        block.set("minimum-calls", calls);
        return this;
    }

    /** {@code circuit-breaker.wait-in-open}: how long the breaker stays open before probing. */
    public CircuitBreakerOptions waitInOpen(Duration wait) {
        block.set("wait-in-open", wait);
        return this;
    }
}
