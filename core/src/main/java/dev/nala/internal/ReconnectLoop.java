package dev.nala.internal;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.util.concurrent.CountDownLatch;

/**
 * A daemon thread running rounds of background work (the Consul watch, the Redis circuit state)
 * with a backoff after failures. Nothing a round throws, {@link Error}s included, ends it.
 */
public final class ReconnectLoop {
    public enum Outcome {
        /** The next round starts at once, and the failures in a row are forgotten. */
        WORKED,
        /** As when it throws: the next round waits the backoff after one more failure. */
        FAILED,
        /** It worked, then lost its connection: the next round waits the backoff after one failure. */
        LOST
    }

    @FunctionalInterface
    public interface Round {
        /** @param failures rounds in a row that failed just before this one; 0 after one that worked */
        Outcome run(int failures) throws Exception;
    }

    @FunctionalInterface
    public interface Backoff {
        /** @param failures failed rounds in a row, at least 1 */
        long pauseNanos(int failures);
    }

    private final Thread thread;
    private final Backoff backoff;
    private final Round round;
    private final CountDownLatch stopped = new CountDownLatch(1);

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
     * For a round that waits (for a permit, say); ends early when stopped. An interrupt stops the loop.
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

    /** Does not wait. */
    public void stop() {
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /**
     * Returns at once on the loop's own thread.
     *
     * @param deadline in {@link System#nanoTime()} terms
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
