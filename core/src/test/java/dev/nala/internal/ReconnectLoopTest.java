package dev.nala.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nala.internal.ReconnectLoop.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconnectLoopTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private ReconnectLoop loop;

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            assertThat(loop.awaitStopped(System.nanoTime() + PATIENCE.toNanos()))
                    .isTrue();
        }
    }

    /** A loop whose rounds end as {@code outcomes} say, then wait until stopped. */
    private ReconnectLoop loop(Outcome... outcomes) {
        AtomicInteger round = new AtomicInteger();
        loop = new ReconnectLoop(
                "test-loop",
                failures -> {
                    seen.add("pause after " + failures);
                    return TimeUnit.MILLISECONDS.toNanos(1);
                },
                failures -> {
                    int n = round.getAndIncrement();
                    if (n >= outcomes.length) {
                        loop.pause(Long.MAX_VALUE);
                        return Outcome.WORKED;
                    }
                    seen.add("round " + n + " after " + failures);
                    return outcomes[n];
                });
        loop.start();
        return loop;
    }

    @Test
    void failuresInARowGrowTheBackoffAndARoundThatWorkedForgetsThem() {
        loop(Outcome.FAILED, Outcome.FAILED, Outcome.WORKED, Outcome.FAILED);

        await().atMost(PATIENCE).until(() -> seen.size() == 7);
        assertThat(seen)
                .containsExactly(
                        "round 0 after 0",
                        "pause after 1",
                        "round 1 after 1",
                        "pause after 2",
                        "round 2 after 2",
                        "round 3 after 0",
                        "pause after 1");
    }

    @Test
    void aLostConnectionPausesAsAfterAFirstFailure() {
        loop(Outcome.FAILED, Outcome.FAILED, Outcome.LOST, Outcome.FAILED);

        await().atMost(PATIENCE).until(() -> seen.size() == 8);
        assertThat(seen).containsSubsequence("round 2 after 2", "pause after 1", "round 3 after 1", "pause after 2");
    }

    @Test
    void whateverARoundThrowsIsAFailureAndTheThreadLivesOn() {
        AtomicInteger rounds = new AtomicInteger();
        loop = new ReconnectLoop("test-loop", failures -> 1, failures -> {
            int n = rounds.incrementAndGet();
            if (n == 1) {
                throw new OutOfMemoryError("simulated");
            }
            if (n == 2) {
                throw new Exception("checked");
            }
            seen.add("round " + n + " after " + failures);
            loop.pause(Long.MAX_VALUE);
            return Outcome.WORKED;
        });
        loop.start();

        await().atMost(PATIENCE).until(() -> seen.equals(List.of("round 3 after 2")));
    }

    @Test
    void stoppingWakesAPauseAndEndsTheDaemonThread() throws InterruptedException {
        loop = new ReconnectLoop("test-loop", failures -> Long.MAX_VALUE, failures -> {
            seen.add(Thread.currentThread().getName() + " daemon="
                    + Thread.currentThread().isDaemon());
            return Outcome.FAILED;
        });
        loop.start();
        await().atMost(PATIENCE).until(() -> seen.size() == 1);

        loop.stop();

        assertThat(loop.isStopped()).isTrue();
        assertThat(loop.awaitStopped(System.nanoTime() + PATIENCE.toNanos())).isTrue();
        assertThat(seen).containsExactly("test-loop daemon=true");
    }
}
