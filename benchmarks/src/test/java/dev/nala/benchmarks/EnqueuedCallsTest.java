package dev.nala.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnqueuedCallsTest {
    private final ExecutorService completions = startedPool();

    /** Threads started up front: on a loaded machine, starting them took longer than a short round. */
    private static ExecutorService startedPool() {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(4);
        pool.prestartAllCoreThreads();
        return pool;
    }

    @AfterEach
    void stop() {
        completions.shutdownNow();
    }

    /** Completes each call on another thread with {@code status}, counting the calls in flight. */
    private final class FakeClient implements BenchClient {
        private final int status;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();

        FakeClient(int status) {
            this.status = status;
        }

        @Override
        public int get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void enqueue(IntConsumer done) {
            started.incrementAndGet();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            completions.execute(() -> {
                inFlight.decrementAndGet();
                done.accept(status);
            });
        }

        @Override
        public void close() {}
    }

    @Test
    void keepsTheCallsInFlightUntilTheTimeIsUpAndCountsEveryOne() throws InterruptedException {
        FakeClient client = new FakeClient(200);
        LoadStats stats = new LoadStats("raw-okhttp");

        // A second is ample for the first completions to start the next calls, even on a busy CI machine.
        EnqueuedCalls.run(client, 3, 1_000, stats);

        LoadStats.Summary summary = stats.summary();
        assertThat(summary.calls()).isEqualTo(client.started.get()).isGreaterThan(3);
        assertThat(summary.errors()).isZero();
        assertThat(client.mostInFlight.get()).isEqualTo(3);
        assertThat(client.inFlight.get()).isZero();
        assertThat(summary.seconds()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aFailedCallEndsItsSlotAndIsCounted() throws InterruptedException {
        FakeClient client = new FakeClient(BenchClient.FAILED);
        LoadStats stats = new LoadStats("raw-okhttp");

        EnqueuedCalls.run(client, 3, 60_000, stats);

        assertThat(stats.summary().errors()).isEqualTo(3);
        assertThat(stats.summary().problem()).contains("3 failed call(s)");
    }
}
