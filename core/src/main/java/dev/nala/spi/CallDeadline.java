package dev.nala.spi;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okio.AsyncTimeout;
import okio.Timeout;

/**
 * Bounds a whole call (every attempt, every backoff, and reading the response body) by a
 * per-service timeout, using the call's own OkHttp timeout.
 *
 * <p>OkHttp's call timeout is fixed per client; Nala's {@code call-timeout} is per service. An
 * interceptor that knows the service re-arms the call's timeout with the service's value, so
 * OkHttp itself cancels the call when it expires and reports {@code InterruptedIOException:
 * timeout}. A shorter timeout the caller set on the call is kept.
 *
 * <p>The factory's client already carries the longest {@code call-timeout} of all services, so
 * for a service on that value (every service, when none overrides the default) arming leaves the
 * timeout OkHttp entered alone: taking it out of okio's watchdog queue and putting it back costs
 * more than the rest of a mode's chain.
 */
public final class CallDeadline {
    private CallDeadline() {}

    /**
     * Applies {@code timeout} to the call of {@code chain}, unless the call already has a shorter one.
     *
     * @return the deadline in {@link System#nanoTime()} terms
     */
    public static long arm(Interceptor.Chain chain, Duration timeout) {
        long wanted = timeout.toNanos();
        long now = System.nanoTime();
        Timeout callTimeout = chain.call().timeout();
        long existing = callTimeout.timeoutNanos();
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

    /** Nanoseconds left until {@code deadlineNanos}; zero or less when it has passed. */
    public static long remainingNanos(long deadlineNanos) {
        return deadlineNanos - System.nanoTime();
    }
}
