package dev.nala.internal;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.util.concurrent.CountDownLatch;

/**
 * A daemon thread that runs one round of background work after another until stopped, and pauses
 * after a failed round for a backoff that grows with the failures in a row. Internal to Nala's
 * modules (the Consul watch, the Redis circuit state): not for applications, and may change.
 *
 * <p>Nothing a round throws ends the thread, {@link Error}s included: it counts as a failed round.
 */
public final class ReconnectLoop {
    /** How a round ended. */
    public enum Outcome {
        /** It worked: the next round starts at once, and the failures in a row are forgotten. */
        WORKED,
        /** It failed (as when it throws): the next round waits the backoff after one more failure. */
        FAILED,
        /** It worked, then lost its connection: the next round waits the backoff after one failure. */
        LOST
    }

    /** One round of work, run on the loop's thread. */
    @FunctionalInterface
    public interface Round {
        /** @param failures rounds in a row that failed just before this one; 0 after one that worked */
        Outcome run(int failures) throws Exception;
    }

    /** The pause before the next round. */
    @FunctionalInterface
    public interface Backoff {
        /** @param failures failed rounds in a row, at least 1 */
        long pauseNanos(int failures);
    }

    private final Thread thread;
    private final Backoff backoff;
    private final Round round;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** A loop on a daemon thread named {@code threadName}; {@link #start} starts it. */
    public ReconnectLoop(String threadName, Backoff backoff, Round round) {
        this.backoff = backoff;
        this.round = round;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        int failures = 0;
        while (!isStopped()) {
            Outcome outcome;
            try {
                outcome = round.run(failures);
            } catch (Throwable failed) {
                outcome = Outcome.FAILED;
            }
            if (isStopped()) {
                return;
            }
            if (outcome == Outcome.WORKED) {
                failures = 0;
                continue;
            }
            failures = outcome == Outcome.LOST ? 1 : failures == Integer.MAX_VALUE ? failures : failures + 1;
            if (pause(backoff.pauseNanos(failures))) {
                return;
            }
        }
    }

    /**
     * Waits {@code nanos}, or less if the loop is stopped meanwhile; for a round that waits (for a
     * permit, say). An interrupt stops the loop.
     *
     * @return true if the loop is stopped
     */
    public boolean pause(long nanos) {
        try {
            return stopped.await(nanos, NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return true;
        }
    }

    /** Asks the thread to stop after its round and wakes it from a pause; does not wait. */
    public void stop() {
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /**
     * Waits for the thread to end, at most until {@code deadline} (a {@link System#nanoTime()}
     * value); returns at once on the loop's own thread.
     *
     * @return true if the thread has ended
     */
    public boolean awaitStopped(long deadline) throws InterruptedException {
        if (Thread.currentThread() == thread) {
            return false;
        }
        long remainingMillis = NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMillis > 0) {
            thread.join(remainingMillis);
        }
        return !thread.isAlive();
    }
}
