package dev.nala.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.jvm.functions.Function0;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okio.AsyncTimeout;
import okio.Timeout;

/**
 * One call's {@code call-timeout}, kept as a call tag and watched by {@link DeadlineWatch}
 * rather than by okio's timeout queue.
 *
 * <p>It goes from unarmed (tagged when the call starts) to armed (a deadline set in the chain),
 * and from either to finished (the call ended) or from armed to fired (the deadline passed
 * first). While Nala's own code waits inside the call ({@link CallDeadline#waitWithin}) it is
 * waiting instead of armed: the deadline does not fire then, the wait ends at it and reports
 * what it was waiting for; the call goes back to armed, or to fired if the wait expired. Firing hands the call to okio's own timeout with a deadline already due, so OkHttp
 * cancels it and reports {@code InterruptedIOException: timeout}, reading the body included,
 * exactly as for a timeout OkHttp armed itself.
 */
final class WatchedCall implements Function0<WatchedCall> {
    /** The tag's key as OkHttp stores it: looking a tag up by {@code Class} makes a new {@code KClass} each time. */
    static final KClass<WatchedCall> TAG = JvmClassMappingKt.getKotlinClass(WatchedCall.class);

    private static final int UNARMED = 0;
    private static final int ARMED = 1;
    private static final int FINISHED = 2;
    private static final int FIRED = 3;
    private static final int WAITING = 4;
    private static final VarHandle STATE;
    private static final VarHandle DEADLINE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(WatchedCall.class, "state", int.class);
            DEADLINE = lookup.findVarHandle(WatchedCall.class, "deadlineNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Written with release and read with acquire semantics, not volatile ones: on the call's path
    // a full memory fence per write cost more than the rest of the watch. The sweeper sees a
    // write a little late at worst, and every outcome of a late read is harmless (see fire()).
    private Call call;
    private int state;
    private long deadlineNanos;
    private long timeoutNanos;
    /** The next call on {@link DeadlineWatch}'s stack, then in its sweeper's own list. */
    WatchedCall next;

    WatchedCall(Call call) {
        this.call = call;
    }

    /** OkHttp's {@code computeIfAbsent}: the tag is this object itself, so tagging makes no lambda. */
    @Override
    public WatchedCall invoke() {
        return this;
    }

    /**
     * Bounds the call by {@code timeoutNanos} from {@code nowNanos}, unless it already has an
     * earlier deadline; the first call arms it. Only the thread running the call's chain arms.
     *
     * @return the deadline in force, in {@link System#nanoTime()} terms
     */
    long armOrShorten(long nowNanos, long timeoutNanos) {
        long wanted = nowNanos + timeoutNanos;
        int current = (int) STATE.getAcquire(this);
        if (current == UNARMED) {
            this.timeoutNanos = timeoutNanos;
            this.deadlineNanos = wanted;
            this.state = ARMED;
            DeadlineWatch.watch(this); // publishes the fields above
            return wanted;
        }
        long deadline = deadlineNanos;
        if (current == ARMED && wanted - deadline < 0) {
            this.timeoutNanos = timeoutNanos;
            DEADLINE.setRelease(this, wanted);
            DeadlineWatch.shortened(wanted);
            return wanted;
        }
        return deadline;
    }

    /** The timeout of the deadline in force, or 0 while unarmed. */
    long timeoutNanos() {
        return (int) STATE.getAcquire(this) == UNARMED ? 0 : timeoutNanos;
    }

    long deadlineNanos() {
        return (long) DEADLINE.getAcquire(this);
    }

    boolean isArmed() {
        return (int) STATE.getAcquire(this) == ARMED;
    }

    /** Armed, or waiting in Nala's code: the sweeper keeps it, and fires it only while armed. */
    boolean isPending() {
        int state = (int) STATE.getAcquire(this);
        return state == ARMED || state == WAITING;
    }

    /**
     * Nala's code starts a wait of its own (not I/O OkHttp can cancel) that ends by the deadline.
     *
     * @return false if the call is not armed (nothing to hold off)
     */
    boolean beginWait() {
        return STATE.compareAndSet(this, ARMED, WAITING);
    }

    /** The wait ended in time: the deadline applies again, and fires at once if it passed meanwhile. */
    void endWait() {
        if (STATE.compareAndSet(this, WAITING, ARMED)) {
            DeadlineWatch.shortened(deadlineNanos());
        }
    }

    /** The wait ran to the deadline and reports it itself: nothing is left to fire. */
    void expireInWait() {
        STATE.compareAndSet(this, WAITING, FIRED);
    }

    /** The call ended: nothing left to bound. */
    void finish() {
        call = null;
        STATE.setRelease(this, FINISHED);
    }

    /**
     * The deadline passed before the call ended: okio times the call out now. A call that ended
     * at the same moment may still be handed over: okio then cancels a call already done, which
     * changes nothing.
     */
    void fire() {
        Call expired = call;
        if (expired == null || !STATE.compareAndSet(this, ARMED, FIRED)) {
            return;
        }
        Timeout timeout = expired.timeout();
        if (timeout instanceof AsyncTimeout async) {
            try {
                async.timeout(1, TimeUnit.NANOSECONDS);
                async.enter();
                return;
            } catch (IllegalStateException alreadyInQueue) {
                // Someone entered the call's okio timeout after all: cancel it outright below.
            }
        }
        expired.cancel();
    }
}
