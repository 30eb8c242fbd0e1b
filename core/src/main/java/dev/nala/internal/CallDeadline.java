package dev.nala.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Interceptor;
import okio.AsyncTimeout;
import okio.Timeout;

/**
 * Bounds a whole call (every attempt, backoff and the body read) by its {@code call-timeout}.
 * Arming never lengthens a deadline, so the factory's longest timeout, a {@link
 * dev.nala.CallOptions} timeout, the service's once a mode knows it, and a caller's own all apply
 * as the shortest of them. Watched by {@link DeadlineWatch}, else by OkHttp's call timeout.
 */
public final class CallDeadline {
    /** For a wait in a call without a deadline: far off, yet safe from overflow. */
    private static final long UNBOUNDED_NANOS = TimeUnit.DAYS.toNanos(1);

    private CallDeadline() {}

    /** @return the deadline in {@link System#nanoTime()} terms */
    public static long arm(Interceptor.Chain chain, Duration timeout) {
        return arm(chain, timeout.toNanos());
    }

    /**
     * @param timeoutNanos positive
     * @return the deadline in {@link System#nanoTime()} terms
     */
    public static long arm(Interceptor.Chain chain, long timeoutNanos) {
        long wanted = timeoutNanos;
        long now = System.nanoTime();
        Call call = chain.call();
        Timeout callTimeout = call.timeout();
        long existing = callTimeout.timeoutNanos();
        if (existing == 0 && !callTimeout.hasDeadline() && DeadlineWatch.isSweeping()) {
            WatchedCall watched = call.tag(WatchedCall.TAG);
            if (watched != null) {
                return watched.armOrShorten(now, wanted);
            }
        }
        if (existing != 0 && existing <= wanted) {
            return now + existing;
        }
        if (callTimeout instanceof AsyncTimeout) {
            AsyncTimeout async = (AsyncTimeout) callTimeout;
            async.exit();
            async.timeout(wanted, TimeUnit.NANOSECONDS);
            async.enter();
        } else {
            callTimeout.timeout(wanted, TimeUnit.NANOSECONDS);
        }
        return now + wanted;
    }

    /** {@link Duration#ZERO} for none. */
    public static Duration timeoutOf(Call call) {
        WatchedCall watched = call.tag(WatchedCall.TAG);
        long watchedNanos = watched == null ? 0 : watched.timeoutNanos();
        return Duration.ofNanos(
                watchedNanos != 0 ? watchedNanos : call.timeout().timeoutNanos());
    }

    /**
     * Runs a wait of Nala's own (discovery's first answer, say: not I/O that cancelling would
     * interrupt) bounded by the call's deadline, which does not cancel the call meanwhile: the
     * wait must end by it, so the caller gets its exception saying what was pending rather than
     * OkHttp's bare {@code timeout}. An unwatched call gets its whole timeout from now.
     */
    public static <T> T waitWithin(Call call, Wait<T> wait) throws IOException {
        WatchedCall watched = call.tag(WatchedCall.TAG);
        if (watched == null || !watched.beginWait()) {
            long timeout = call.timeout().timeoutNanos();
            return wait.await(System.nanoTime() + (timeout == 0 ? UNBOUNDED_NANOS : timeout));
        }
        long deadline = watched.deadlineNanos();
        boolean ended = false;
        try {
            T result = wait.await(deadline);
            ended = true;
            return result;
        } finally {
            if (!ended && remainingNanos(deadline) <= 0) {
                watched.expireInWait();
            } else {
                watched.endWait();
            }
        }
    }

    @FunctionalInterface
    public interface Wait<T> {
        /**
         * @param deadlineNanos when the wait must end, in {@link System#nanoTime()} terms
         * @throws IOException when it cannot complete, the deadline having passed included
         */
        T await(long deadlineNanos) throws IOException;
    }

    /** Zero or less when it has passed. */
    public static long remainingNanos(long deadlineNanos) {
        return deadlineNanos - System.nanoTime();
    }
}
