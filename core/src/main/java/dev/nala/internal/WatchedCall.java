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
 * One call's {@code call-timeout}, kept as a call tag for {@link DeadlineWatch}. States: unarmed,
 * armed, waiting (in {@link CallDeadline#waitWithin}, when the deadline does not fire), finished
 * and fired; firing hands the call to okio with a deadline already due, so OkHttp times it out.
 */
final class WatchedCall implements Function0<WatchedCall> {
    /** Looking a tag up by {@code Class} makes a new {@code KClass} each time. */
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

    // Release/acquire, not volatile: a full fence per write cost more than the rest of the watch,
    // and every outcome of a late read is harmless (see fire()).
    private Call call;
    private int state;
    private long deadlineNanos;
    private long timeoutNanos;
    /** On {@link DeadlineWatch}'s stack, then in its sweeper's own list. */
    WatchedCall next;

    WatchedCall(Call call) {
        this.call = call;
    }

    /** The tag is this object itself, so tagging makes no lambda. */
    @Override
    public WatchedCall invoke() {
        return this;
    }

    /**
     * Only the thread running the call's chain arms.
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

    /** 0 while unarmed. */
    long timeoutNanos() {
        return (int) STATE.getAcquire(this) == UNARMED ? 0 : timeoutNanos;
    }

    long deadlineNanos() {
        return (long) DEADLINE.getAcquire(this);
    }

    boolean isArmed() {
        return (int) STATE.getAcquire(this) == ARMED;
    }

    boolean isPending() {
        int state = (int) STATE.getAcquire(this);
        return state == ARMED || state == WAITING;
    }

    /** @return false if the call is not armed */
    boolean beginWait() {
        return STATE.compareAndSet(this, ARMED, WAITING);
    }

    void endWait() {
        if (STATE.compareAndSet(this, WAITING, ARMED)) {
            DeadlineWatch.shortened(deadlineNanos());
        }
    }

    /** The wait reports the expiry itself. */
    void expireInWait() {
        STATE.compareAndSet(this, WAITING, FIRED);
    }

    void finish() {
        call = null;
        STATE.setRelease(this, FINISHED);
    }

    /** A call that ended meanwhile may still be handed to okio, which then changes nothing. */
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
