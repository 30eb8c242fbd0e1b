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
 * Which failed attempts (an {@link IOException} before the response head) are worth repeating, and
 * under which {@code nala.retry_reason}: {@code connect_failure}, {@code reset} ({@link
 * SocketException}, {@link EOFException}, HTTP/2 stream reset) or {@code timeout}; never the call's
 * own deadline or cancel (another {@link InterruptedIOException}). See "What is retried" in
 * docs/standalone.md.
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
