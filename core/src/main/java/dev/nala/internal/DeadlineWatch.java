package dev.nala.internal;

import java.util.concurrent.ThreadLocalRandom;
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
 * starts is pushed, without a lock, onto one of 64 stacks (chosen by thread), and popped off
 * again when it ends while it is still on top (a thread making one call after another never
 * leaves anything behind). One thread takes whatever else is on the stacks, keeps it, and
 * looks at what it keeps when the earliest deadline it knows of is due, when stacks grow,
 * and at least every {@value #LONGEST_SLEEP_MILLIS} ms: it drops the calls that ended and
 * hands each expired one to okio with a deadline already due ({@link WatchedCall#fire()}), so
 * the call is cancelled and reports {@code InterruptedIOException: timeout} as OkHttp's own call
 * timeout does. A deadline earlier than the look the thread is waiting for wakes it.
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
    /** Enough that callers on a pool of up to this many threads each have a stack of their own. */
    private static final int STRIPES = 64;
    /** Slots between two stacks' heads, so that no two share a cache line (128 B, for adjacent-line prefetch). */
    private static final int SPACING = 32;
    /**
     * About one in this many calls pushed onto a stack that is not empty wakes the sweeper
     * early: calls that end while not on top stay on their stack until a sweep, and at hundreds
     * of thousands of calls a second, 100 ms of them would be enough live objects to slow every
     * young collection down.
     */
    private static final int SWEEP_EVERY = 1024;

    private static final AtomicReferenceArray<WatchedCall> pending = new AtomicReferenceArray<>(STRIPES * SPACING);
    /** When the sweeper will next look, in {@link System#nanoTime()} terms. */
    private static volatile long nextSweepAt;

    private static volatile Thread sweeper;
    private static int holders; // guarded by DeadlineWatch.class
    /** How many calls the sweeper kept at its latest sweep, for {@link #pendingCount()}. */
    private static volatile int kept;

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
            popIfOnTop(watched);
        }
    }

    /**
     * Pops {@code watched} off the current thread's stack if it is on top: where a call ends on
     * the thread that made it and no other call was pushed since. Each call is pushed once and
     * the sweeper never pushes back, so a call seen on top is still the one pushed, with the
     * same next: no ABA.
     */
    private static void popIfOnTop(WatchedCall watched) {
        int stripe = currentStripe();
        if (pending.get(stripe) == watched) {
            pending.compareAndSet(stripe, watched, watched.next);
        }
    }

    /** The slot of the current thread's stack's head. */
    private static int currentStripe() {
        return ((int) Thread.currentThread().getId() & (STRIPES - 1)) * SPACING;
    }

    /** Whether the sweeping thread is running; calls are only watched here while it is. */
    static boolean isSweeping() {
        return sweeper != null;
    }

    /** Calls armed and not yet dropped, finished ones included; as of the latest sweep for those it keeps. */
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

    /** {@code alreadyKept} with everything on the stacks put in front of it; the stacks are left empty. */
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

    /** Whether to go on sweeping: a factory holds the watch, or calls were armed meanwhile. */
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
