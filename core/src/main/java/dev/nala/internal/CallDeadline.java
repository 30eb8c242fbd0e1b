package dev.nala.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Interceptor;
import okio.AsyncTimeout;
import okio.Timeout;

/**
 * Bounds a whole call (every attempt, every backoff, and reading the response body) by a
 * per-service timeout. When it expires OkHttp cancels the call and reports
 * {@code InterruptedIOException: timeout}, as for its own call timeout.
 *
 * <p>The factory arms every call with the longest {@code call-timeout} of all services as it
 * enters the chain, or with the call's own {@link dev.nala.CallOptions} timeout where that is
 * shorter; a mode that knows the call's service arms it again with the service's, which
 * shortens it where that is shorter. Arming never lengthens a deadline, so the shortest of these
 * applies, and a shorter timeout the caller set on the call (or on a client derived from the
 * factory's) is kept. The factory's calls are watched by
 * {@link DeadlineWatch}; any other call (a client whose event listener was replaced) gets the
 * timeout on OkHttp's own call timeout.
 */
public final class CallDeadline {
    /** The deadline of a wait in a call that has none: far off, yet safe from overflow. */
    private static final long UNBOUNDED_NANOS = TimeUnit.DAYS.toNanos(1);

    private CallDeadline() {}

    /**
     * Applies {@code timeout} to the call of {@code chain}, unless the call already has a shorter one.
     *
     * @return the deadline in {@link System#nanoTime()} terms
     */
    public static long arm(Interceptor.Chain chain, Duration timeout) {
        return arm(chain, timeout.toNanos());
    }

    /**
     * Applies a timeout of {@code timeoutNanos} (positive) to the call of {@code chain}, unless the
     * call already has a shorter one.
     *
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

    /**
     * The timeout bounding {@code call}: the one armed here, else OkHttp's own call timeout;
     * {@link Duration#ZERO} for none.
     */
    public static Duration timeoutOf(Call call) {
        WatchedCall watched = call.tag(WatchedCall.TAG);
        long watchedNanos = watched == null ? 0 : watched.timeoutNanos();
        return Duration.ofNanos(
                watchedNanos != 0 ? watchedNanos : call.timeout().timeoutNanos());
    }

    /**
     * Runs {@code wait}, a wait of Nala's own inside {@code call} (for discovery's first answer,
     * say: not I/O that cancelling the call would interrupt), bounded by the call's deadline. While
     * it waits the deadline does not cancel the call; {@code wait} is given the deadline and must
     * return or throw by then, so that the caller gets the wait's own exception, which can say
     * what was still pending, rather than OkHttp's bare {@code timeout}.
     *
     * <p>A call whose deadline is not watched by Nala (its client's event listener was replaced)
     * is given a deadline of its whole timeout from now, at most.
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

    /** A wait {@link #waitWithin} bounds by the call's deadline. */
    @FunctionalInterface
    public interface Wait<T> {
        /**
         * @param deadlineNanos when the wait must end, in {@link System#nanoTime()} terms
         * @throws IOException when it cannot complete, the deadline having passed included
         */
        T await(long deadlineNanos) throws IOException;
    }

    /** Nanoseconds left until {@code deadlineNanos}; zero or less when it has passed. */
    public static long remainingNanos(long deadlineNanos) {
        return deadlineNanos - System.nanoTime();
    }
}
