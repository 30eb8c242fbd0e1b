package dev.nala;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A service's {@code retry} block written in code; see {@link ServiceOptions#retry}. */
public final class RetryOptions {
    private final SettingsInCode.Block block;

    RetryOptions(SettingsInCode.Block block) {
        this.block = block;
    }

    /** {@code retry.max-attempts}: attempts in all, the first included; 1 turns retries off. */
    public RetryOptions maxAttempts(int attempts) {
        block.set("max-attempts", attempts);
        return this;
    }

    /** {@code retry.backoff.initial} and {@code retry.backoff.max}: the first and the largest backoff cap. */
    public RetryOptions backoff(Duration initial, Duration max) {
        block.set("backoff.initial", initial);
        block.set("backoff.max", max);
        return this;
    }

    /** {@code retry.backoff.multiplier}: how much the backoff cap grows per attempt. */
    public RetryOptions backoffMultiplier(double multiplier) {
        block.set("backoff.multiplier", multiplier);
        return this;
    }

    /** {@code retry.on-status}: the response codes worth another attempt (replaces the list). */
    public RetryOptions onStatus(int... codes) {
        List<Integer> list = new ArrayList<>(codes.length);
        for (int code : codes) {
            list.add(code);
        }
        block.set("on-status", list);
        return this;
    }

    /**
     * {@code retry.non-idempotent}: whether POST and PATCH may be retried without an
     * {@code Idempotency-Key} header.
     */
    public RetryOptions nonIdempotent(boolean allowed) {
        block.set("non-idempotent", allowed);
        return this;
    }

    /** {@code retry.budget.enabled}: whether the service's retry budget caps retries. */
    public RetryOptions budgetEnabled(boolean enabled) {
        block.set("budget.enabled", enabled);
        return this;
    }
}
