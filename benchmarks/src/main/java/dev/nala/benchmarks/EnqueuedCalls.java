package dev.nala.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One round of calls made with OkHttp's {@code enqueue()}: {@code inFlight} calls are started at
 * once, and each one's completion starts the next, until the round's time is up; then the round
 * waits for the last calls to complete. No caller thread blocks: the calls run, and complete, on
 * the client's dispatcher threads. Each call's latency runs from {@code enqueue()} to its body
 * read and closed, so a call that waited in the dispatcher's queue (more in flight than its
 * limits allow) counts its wait.
 */
final class EnqueuedCalls {
    /** Upper bound of calls per slot and round, on top of the time bound. */
    private static final long MAX_CALLS_PER_SLOT = 5_000_000;

    private EnqueuedCalls() {}

    /**
     * Runs one round and adds what it did to {@code into}.
     *
     * @throws IllegalStateException if the calls still in flight when the time was up did not
     *     complete within a minute
     */
    static void run(BenchClient client, int inFlight, long millis, LoadStats into) throws InterruptedException {
        long start = System.nanoTime();
        long cpuStart = LoadWorker.processCpuNanos();
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        // One histogram for the round, not one per slot: at 512 in flight, 512 histograms would be
        // about 80 MB of garbage a round (some 160 KB each once they hold latencies of 100 ms and more).
        Counts counts =
                new Counts(new ConcurrentHistogram(3), new LongAdder(), new LongAdder(), new CountDownLatch(inFlight));
        for (int i = 0; i < inFlight; i++) {
            new Slot(client, end, counts).startNext();
        }
        if (!counts.finished().await(millis + 60_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(counts.finished().getCount() + " of " + inFlight
                    + " enqueued calls had not completed a minute after the round's end");
        }
        into.addTime(System.nanoTime() - start, LoadWorker.processCpuNanos() - cpuStart);
        into.add(counts.latency(), counts.calls().sum(), counts.errors().sum());
    }

    /** What the slots of a round record into, from any thread; {@code finished} counts down as each slot ends. */
    private record Counts(Histogram latency, LongAdder calls, LongAdder errors, CountDownLatch finished) {}

    /**
     * One of the calls in flight, again and again: a completion records the call and starts the
     * next one. Only one call of a slot is in flight at a time, and OkHttp's dispatcher hands each
     * call from the thread that enqueued it to the one that completes it, so its own fields need
     * no lock.
     */
    private static final class Slot implements IntConsumer {
        private final BenchClient client;
        private final long end;
        private final Counts counts;
        private long started;
        private long startedAt;

        Slot(BenchClient client, long end, Counts counts) {
            this.client = client;
            this.end = end;
            this.counts = counts;
        }

        void startNext() {
            long now = System.nanoTime();
            if (now - end >= 0 || started >= MAX_CALLS_PER_SLOT) {
                finish();
                return;
            }
            started++;
            startedAt = now;
            client.enqueue(this);
        }

        @Override
        public void accept(int status) {
            if (status == 200) {
                counts.latency().recordValue(System.nanoTime() - startedAt);
                counts.calls().increment();
            } else {
                counts.errors().increment();
            }
            if (status == BenchClient.FAILED) {
                // A failed call breaks the run anyway (LoadStats.Summary#problem); stopping the slot
                // also keeps a call that fails inside enqueue() (a dispatcher refusing it) from
                // starting the next one on the same stack, and so on without end.
                finish();
                return;
            }
            startNext();
        }

        private void finish() {
            counts.finished().countDown();
        }
    }
}
