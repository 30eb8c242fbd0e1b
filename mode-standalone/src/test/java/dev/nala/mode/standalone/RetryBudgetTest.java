package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.internal.settings.RetryBudgetSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The budget's arithmetic on a hand-driven clock. */
class RetryBudgetTest {
    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(5));

    private RetryBudget budget(double ratio, int minPerSecond) {
        return new RetryBudget(new RetryBudgetSettings(true, ratio, minPerSecond, Duration.ofSeconds(10)), now::get);
    }

    private static int retriesAllowed(RetryBudget budget, int tries) {
        int allowed = 0;
        for (int i = 0; i < tries; i++) {
            if (budget.tryRetry()) {
                allowed++;
            }
        }
        return allowed;
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void retriesMayAddTheRatioOnTopOfCalls() {
        RetryBudget budget = budget(0.2, 0);
        for (int i = 0; i < 100; i++) {
            budget.recordCall();
        }
        assertThat(retriesAllowed(budget, 50)).isEqualTo(20);
    }

    @Test
    void withoutCallsTheFloorAllowsMinPerSecondAndRefillsAtThatRate() {
        RetryBudget budget = budget(0.2, 10);
        assertThat(retriesAllowed(budget, 50)).isEqualTo(10);
        advanceMillis(100);
        assertThat(retriesAllowed(budget, 5)).isEqualTo(1);
        advanceMillis(5_000);
        assertThat(retriesAllowed(budget, 50))
                .as("at most one second's worth is kept")
                .isEqualTo(10);
    }

    @Test
    void theFloorAddsToTheRatioInsteadOfSpendingIt() {
        // 100 calls earn 20 retries; a full floor adds its 10 on top, whatever order they come in.
        RetryBudget budget = budget(0.2, 10);
        assertThat(retriesAllowed(budget, 5)).as("no call yet: the floor pays").isEqualTo(5);
        for (int i = 0; i < 100; i++) {
            budget.recordCall();
        }
        advanceMillis(1_000); // the floor is full again
        assertThat(retriesAllowed(budget, 100)).isEqualTo(20 + 10);
    }

    @Test
    void callsOutsideTheWindowNoLongerEarnRetries() {
        RetryBudget budget = budget(0.2, 0);
        for (int i = 0; i < 100; i++) {
            budget.recordCall();
        }
        assertThat(retriesAllowed(budget, 5)).isEqualTo(5);
        advanceMillis(6_000);
        assertThat(retriesAllowed(budget, 5)).as("still inside the 10 s window").isEqualTo(5);
        advanceMillis(5_000);
        assertThat(retriesAllowed(budget, 5))
                .as("the 100 calls have left the window")
                .isZero();
        advanceMillis(6_000);
        for (int i = 0; i < 10; i++) {
            budget.recordCall();
        }
        assertThat(retriesAllowed(budget, 5)).isEqualTo(2);
    }

    @Test
    void retriesSpentInTheWindowCountAgainstIt() {
        RetryBudget budget = budget(0.5, 0);
        for (int i = 0; i < 10; i++) {
            budget.recordCall();
        }
        assertThat(retriesAllowed(budget, 3)).isEqualTo(3);
        advanceMillis(3_000);
        assertThat(retriesAllowed(budget, 10)).as("5 earned, 3 spent").isEqualTo(2);
    }

    @Test
    void aDisabledBudgetNeverRefuses() {
        RetryBudget budget = new RetryBudget(new RetryBudgetSettings(false, 0.2, 0, Duration.ofSeconds(10)), now::get);
        assertThat(retriesAllowed(budget, 1000)).isEqualTo(1000);
    }

    @Test
    void refusalsAreReportedAtMostOncePerInterval() {
        RetryBudget budget = budget(0.2, 0);
        long interval = TimeUnit.SECONDS.toNanos(10);
        assertThat(budget.recordRefusal(interval)).isEqualTo(1);
        assertThat(budget.recordRefusal(interval)).isZero();
        assertThat(budget.recordRefusal(interval)).isZero();
        advanceMillis(10_000);
        assertThat(budget.recordRefusal(interval)).isEqualTo(3);
    }
}
