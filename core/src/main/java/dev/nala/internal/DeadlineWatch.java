package dev.nala.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Call;

/**
 * Watches the {@code call-timeout} of the factory's calls without okio's contended timeout queue;
 * why and how: docs/benchmarks.md, "The call deadline". Calls of a client whose event listener
 * was replaced are bounded through okio as before.
 */
public final class DeadlineWatch {
    static final long LONGEST_SLEEP_MILLIS = 100;
    private static final long LONGEST_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(LONGEST_SLEEP_MILLIS);
    /** The value of {@link #nextSweepAt} while a sweep runs: later than any deadline. */
    private static final long SWEEPING = Long.MAX_VALUE / 4;

    private static final int STRIPES = 64;
    /** Keeps stack heads on separate cache lines (128 B, for adjacent-line prefetch). */
    private static final int SPACING = 32;
    /**
     * One in this many pushes onto a non-empty stack wakes the sweeper early: ended calls not on
     * top stay until a sweep, and at high rates 100 ms of them slow young collections.
     */
    private static final int SWEEP_EVERY = 1024;

    private static final AtomicReferenceArray<WatchedCall> pending = new AtomicReferenceArray<>(STRIPES * SPACING);
    /** In {@link System#nanoTime()} terms. */
    private static volatile long nextSweepAt;

    private static volatile Thread sweeper;
    private static int holders; // guarded by DeadlineWatch.class
    private static volatile int kept;

    private DeadlineWatch() {}

    public static synchronized void hold() {
        holders++;
        ensureSweeping();
    }

    public static synchronized void release() {
        if (holders == 0) {
            throw new IllegalStateException("the deadline watch is not held");
        }
        holders--;
    }

    public static void track(Call call) {
        WatchedCall watched = new WatchedCall(call);
        call.tag(WatchedCall.TAG, watched);
    }

    public static void finish(Call call) {
        WatchedCall watched = call.tag(WatchedCall.TAG);
        if (watched != null) {
            watched.finish();
            popIfOnTop(watched);
        }
    }

    /** No ABA: each call is pushed once and the sweeper never pushes back. */
    private static void popIfOnTop(WatchedCall watched) {
        int stripe = currentStripe();
        if (pending.get(stripe) == watched) {
            pending.compareAndSet(stripe, watched, watched.next);
        }
    }

    private static int currentStripe() {
        return ((int) Thread.currentThread().getId() & (STRIPES - 1)) * SPACING;
    }

    static boolean isSweeping() {
        return sweeper != null;
    }

    /** Includes finished calls not yet dropped; kept ones as of the latest sweep. */
    static int pendingCount() {
        int count = kept;
        for (int stripe = 0; stripe < STRIPES * SPACING; stripe += SPACING) {
            for (WatchedCall call = pending.get(stripe); call != null; call = call.next) {
                count++;
            }
        }
        return count;
    }

    static void watch(WatchedCall call) {
        int stripe = currentStripe();
        WatchedCall head;
        do {
            head = pending.get(stripe);
            call.next = head;
        } while (!pending.compareAndSet(stripe, head, call));
        Thread thread = sweeper;
        if (thread == null) {
            startAgain();
        } else if (call.deadlineNanos() - nextSweepAt < 0
                || head != null && (ThreadLocalRandom.current().nextInt() & (SWEEP_EVERY - 1)) == 0) {
            LockSupport.unpark(thread);
        }
    }

    static void shortened(long deadlineNanos) {
        Thread thread = sweeper;
        if (thread != null && deadlineNanos - nextSweepAt < 0) {
            LockSupport.unpark(thread);
        }
    }

    /** A call was armed while the thread was ending for want of work. */
    private static synchronized void startAgain() {
        ensureSweeping();
    }

    private static void ensureSweeping() { // guarded by DeadlineWatch.class
        if (sweeper == null) {
            Thread thread = new Thread(DeadlineWatch::sweepUntilUnneeded, "nala-call-deadlines");
            thread.setDaemon(true);
            sweeper = thread;
            thread.start();
        }
    }

    private static void sweepUntilUnneeded() {
        WatchedCall keptCalls = null;
        while (true) {
            nextSweepAt = System.nanoTime() + SWEEPING;
            long now = System.nanoTime();
            long earliest = now + LONGEST_SLEEP_NANOS;
            WatchedCall stillKept = null;
            int count = 0;
            WatchedCall call = takeAll(keptCalls);
            while (call != null) {
                WatchedCall following = call.next;
                if (call.isPending()) {
                    long deadline = call.deadlineNanos();
                    if (deadline - now <= 0 && call.isArmed()) {
                        call.fire();
                    } else {
                        // One waiting past its deadline is fired once its wait ends (WatchedCall.endWait).
                        if (deadline - now > 0 && deadline - earliest < 0) {
                            earliest = deadline;
                        }
                        call.next = stillKept;
                        stillKept = call;
                        count++;
                    }
                }
                call = following;
            }
            keptCalls = stillKept;
            kept = count;
            if (keptCalls == null && !stillNeeded()) {
                return;
            }
            nextSweepAt = earliest;
            long wait = earliest - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(DeadlineWatch.class, wait);
            }
            Thread.interrupted(); // an interrupt only cuts a wait short
        }
    }

    private static WatchedCall takeAll(WatchedCall alreadyKept) {
        WatchedCall all = alreadyKept;
        for (int stripe = 0; stripe < STRIPES * SPACING; stripe += SPACING) {
            WatchedCall call = pending.getAndSet(stripe, null);
            while (call != null) {
                WatchedCall following = call.next;
                call.next = all;
                all = call;
                call = following;
            }
        }
        return all;
    }

    private static synchronized boolean stillNeeded() {
        if (holders > 0) {
            return true;
        }
        sweeper = null;
        for (int stripe = 0; stripe < STRIPES * SPACING; stripe += SPACING) {
            if (pending.get(stripe) != null) {
                sweeper = Thread.currentThread();
                return true;
            }
        }
        return false;
    }
}
