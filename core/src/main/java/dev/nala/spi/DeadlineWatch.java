package dev.nala.spi;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Call;

/**
 * Watches the {@code call-timeout} of the factory's calls without okio's timeout queue.
 *
 * <p>OkHttp enforces a call timeout by putting each call into okio's one, JVM-wide queue of
 * timeouts, under one lock, when it starts and taking it out when it ends. Sockets' read and
 * write timeouts go through the same queue and lock, so with many calls in flight that lock is
 * contended, and a call timeout adds two more trips through it per call. Here a call that
 * starts is pushed, without a lock, onto one of a few lists (chosen by thread); its end only
 * marks it finished. One thread sweeps the lists when the earliest deadline it knows of is due,
 * when a list grows long, and at least every {@value #LONGEST_SLEEP_MILLIS} ms: it drops finished calls and hands each
 * expired one to okio with a deadline already due ({@link WatchedCall#fire()}), so the call is
 * cancelled and reports {@code InterruptedIOException: timeout} as OkHttp's own call timeout
 * does. A deadline earlier than the sweep the thread is waiting for wakes it.
 *
 * <p>The factory's event listener tags each call when it starts ({@link #track}) and ends the
 * watch when it ends ({@link #finish}); {@link CallDeadline#arm} arms and shortens the deadline.
 * A call without the tag (a client whose event listener was replaced) is bounded through okio's
 * queue as before. The thread runs while a factory holds the watch or a watched call is pending.
 */
public final class DeadlineWatch {
    static final long LONGEST_SLEEP_MILLIS = 100;
    private static final long LONGEST_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(LONGEST_SLEEP_MILLIS);
    /** Far enough ahead that any deadline comes before it: the value while a sweep runs. */
    private static final long SWEEPING = Long.MAX_VALUE / 4;
    private static final int STRIPES = 16;
    /**
     * A list this long wakes the sweeper early: finished calls stay on the lists until a sweep,
     * and at hundreds of thousands of calls a second, 100 ms of them would be enough live objects
     * to slow every young collection down.
     */
    private static final int SWEEP_AT_DEPTH = 1024;

    private static final AtomicReferenceArray<WatchedCall> pending = new AtomicReferenceArray<>(STRIPES);
    /** When the sweeper will next look, in {@link System#nanoTime()} terms. */
    private static volatile long nextSweepAt;
    private static volatile Thread sweeper;
    private static int holders; // guarded by DeadlineWatch.class

    private DeadlineWatch() {}

    /** Keeps the sweeping thread running while the caller (an open factory) needs it. */
    public static synchronized void hold() {
        holders++;
        ensureSweeping();
    }

    /** Lets the sweeping thread end once no factory holds it and no watched call is pending. */
    public static synchronized void release() {
        if (holders == 0) {
            throw new IllegalStateException("the deadline watch is not held");
        }
        holders--;
    }

    /** Tags {@code call}, when it starts, so that its deadline can be watched here. */
    public static void track(Call call) {
        WatchedCall watched = new WatchedCall(call);
        call.tag(WatchedCall.TAG, watched);
    }

    /** Ends the watch of {@code call}, which has ended. */
    public static void finish(Call call) {
        WatchedCall watched = call.tag(WatchedCall.TAG);
        if (watched != null) {
            watched.finish();
        }
    }

    /** Whether the sweeping thread is running; calls are only watched here while it is. */
    static boolean isSweeping() {
        return sweeper != null;
    }

    /** Calls armed and not yet swept away, finished ones included. */
    static int pendingCount() {
        int count = 0;
        for (int i = 0; i < STRIPES; i++) {
            for (WatchedCall call = pending.get(i); call != null; call = call.next) {
                count++;
            }
        }
        return count;
    }

    static void watch(WatchedCall call) {
        int stripe = (int) Thread.currentThread().getId() & (STRIPES - 1);
        WatchedCall head;
        do {
            head = pending.get(stripe);
            call.next = head;
            call.depth = head == null ? 1 : head.depth + 1;
        } while (!pending.compareAndSet(stripe, head, call));
        Thread thread = sweeper;
        if (thread == null) {
            startAgain();
        } else if (call.deadlineNanos() - nextSweepAt < 0 || call.depth % SWEEP_AT_DEPTH == 0) {
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
        while (true) {
            nextSweepAt = System.nanoTime() + SWEEPING;
            long now = System.nanoTime();
            long earliest = sweep(now);
            if (earliest == now + LONGEST_SLEEP_NANOS && !stillNeeded()) {
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

    /**
     * Fires the expired calls, drops the finished ones and puts the rest back.
     *
     * @return when to look again: the earliest pending deadline, or {@code now} plus the longest sleep
     */
    private static long sweep(long now) {
        long earliest = now + LONGEST_SLEEP_NANOS;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            WatchedCall keptHead = null;
            WatchedCall keptTail = null;
            WatchedCall call = pending.getAndSet(stripe, null);
            while (call != null) {
                WatchedCall following = call.next;
                if (call.isArmed()) {
                    long deadline = call.deadlineNanos();
                    if (deadline - now <= 0) {
                        call.fire();
                    } else {
                        if (deadline - earliest < 0) {
                            earliest = deadline;
                        }
                        call.next = keptHead;
                        keptHead = call;
                        if (keptTail == null) {
                            keptTail = call;
                        }
                    }
                }
                call = following;
            }
            if (keptHead != null) {
                WatchedCall head;
                do {
                    head = pending.get(stripe);
                    keptTail.next = head;
                } while (!pending.compareAndSet(stripe, head, keptHead));
            }
        }
        return earliest;
    }

    /** Whether to go on sweeping: a factory holds the watch, or calls were armed meanwhile. */
    private static synchronized boolean stillNeeded() {
        if (holders > 0) {
            return true;
        }
        sweeper = null;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            if (pending.get(stripe) != null) {
                sweeper = Thread.currentThread();
                return true;
            }
        }
        return false;
    }
}
