package dev.nala.mode.standalone.breaker;

import dev.nala.CircuitOpenException;
import dev.nala.internal.ConnectionResend;
import java.io.IOException;
import java.io.InterruptedIOException;
import okhttp3.Call;

/**
 * What counts as the upstream's failure, for both levels of circuit breaking (per endpoint and
 * per service): a connection error, a timeout, or a 5xx status. A 4xx status is the caller's
 * problem, not the upstream's, and never counts.
 */
public final class FailurePolicy {
    private FailurePolicy() {}

    /** @return whether a response with this status counts as a failure (5xx) */
    public static boolean isFailureStatus(int code) {
        return code >= 500 && code <= 599;
    }

    /**
     * @return whether an attempt that threw {@code e} counts as the upstream's failure. A call
     *     the caller cancelled, an attempt a breaker refused without sending, and one that met a
     *     pooled connection the upstream had already closed (and could not be resent,
     *     {@link ConnectionResend}) count neither way. A timeout counts even though OkHttp cancels
     *     the call to enforce it.
     */
    public static boolean isFailure(IOException e, Call call) {
        if (e instanceof CircuitOpenException || ConnectionResend.isStaleConnectionFailure(call, e)) {
            return false;
        }
        if (e instanceof InterruptedIOException) {
            return true;
        }
        return !call.isCanceled();
    }
}
