package dev.nala.mode.standalone;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Which failed attempts are worth repeating, and under which {@code nala.retry_reason}.
 *
 * <p>An {@link IOException} out of {@code chain.proceed} means no complete response head
 * arrived, so the upstream gave no answer the caller could have seen. Retried:
 * <ul>
 *   <li>{@code connect_failure}: refused, no route, port unreachable (nothing was sent);
 *   <li>{@code reset}: the connection was reset or closed before the response head
 *       (a {@link SocketException} or {@link EOFException}, an HTTP/2 stream reset);
 *   <li>{@code timeout}: a socket timeout before the response head, which is what
 *       {@code per-try-timeout} produces.
 * </ul>
 * Not retried: the call's own deadline or cancellation (any other
 * {@link InterruptedIOException}), an unknown host, TLS errors that are not a reset underneath
 * (a certificate problem repeats identically), malformed responses, and Nala's own errors.
 */
final class FailureReason {
    static final String CONNECT_FAILURE = "connect_failure";
    static final String RESET = "reset";
    static final String TIMEOUT = "timeout";

    private static final int MAX_CAUSE_DEPTH = 5;

    private FailureReason() {}

    /** @return the retry reason for {@code failure}, or {@code null} if it is not worth repeating */
    static String of(IOException failure) {
        if (failure.getClass().getName().startsWith("dev.nala.")) {
            return null;
        }
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
            String reason = direct(current);
            if (reason != null) {
                return reason.isEmpty() ? null : reason;
            }
            current = current.getCause();
        }
        return null;
    }

    /** The reason for one exception in the cause chain; "" for "decidedly not", null for "look deeper". */
    private static String direct(Throwable t) {
        if (t instanceof SocketTimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof ConnectException
                || t instanceof NoRouteToHostException
                || t instanceof PortUnreachableException) {
            return CONNECT_FAILURE;
        }
        if (t instanceof SocketException || t instanceof EOFException) {
            return RESET;
        }
        if (t instanceof UnknownHostException || t instanceof InterruptedIOException) {
            return "";
        }
        if (t.getClass().getName().equals("okhttp3.internal.http2.StreamResetException")) {
            return RESET;
        }
        return null;
    }
}
