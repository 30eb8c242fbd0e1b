package dev.nala.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import okhttp3.Call;
import okhttp3.Request;

/**
 * Which failed exchanges {@link ConnectionResend} sends once more, and why.
 *
 * <p>A request is sent again only when the failure shows it met a connection the peer had
 * already closed, so that it cannot have been acted on twice:
 * <ul>
 *   <li>{@link Reason#NOT_SENT}: nothing of it was sent: Nala refused the pooled connection
 *       before writing ({@link NetworkExchange}), or an HTTP/2 connection was shutting
 *       down. Any request.
 *   <li>{@link Reason#CONNECTION_CLOSED}: it went out on a pooled connection (not one opened
 *       for it), not one byte of a response came back (counted on plain connections; over TLS,
 *       no complete response head), and the connection ended in an EOF or a reset: the
 *       signature of a server that closed an idle connection as it was reused. Only an
 *       idempotent method (RFC 9110 section 9.2.2) or a request with an
 *       {@code Idempotency-Key}, whose body can be written again.
 *   <li>{@link Reason#REQUEST_INCOMPLETE}: as above, and writing the request itself failed, so
 *       the server cannot have received all of it. Any method, body permitting.
 * </ul>
 * A POST or PATCH without an {@code Idempotency-Key} whose request was fully written is never
 * sent again: the server may have received it (and charged a card) before closing. Such a
 * failure is still not the server's fault ({@link Verdict#STALE_NOT_RESENT}). Nothing is sent
 * again for a call that was cancelled or timed out, a connection opened for the exchange (a
 * server that accepts and closes is failing), a failure while connecting, or a call that OkHttp
 * followed up with another request (a redirect), whose original may not be the request that
 * failed.
 */
final class ResendRule {
    private static final int MAX_CAUSE_DEPTH = 5;
    private static final String HTTP2_SHUTDOWN = "okhttp3.internal.http2.ConnectionShutdownException";

    /** Why a request is sent again; the values of {@code nala.resend_reason}. */
    enum Reason {
        NOT_SENT("not_sent", "nothing of it had been sent"),
        CONNECTION_CLOSED("connection_closed", "the peer had closed the pooled connection before answering"),
        REQUEST_INCOMPLETE(
                "request_incomplete", "the peer had closed the pooled connection before the whole request was written");

        private final String attributeValue;
        private final String description;

        Reason(String attributeValue, String description) {
            this.attributeValue = attributeValue;
            this.description = description;
        }

        String attributeValue() {
            return attributeValue;
        }

        String description() {
            return description;
        }
    }

    /** The rule's answer for one failed exchange. */
    enum Verdict {
        /** An ordinary failure: reported as it is. */
        NOT_STALE(null),
        /** A closed pooled connection, but the request may have reached the server: not sent again. */
        STALE_NOT_RESENT(null),
        RESEND_NOT_SENT(Reason.NOT_SENT),
        RESEND_CONNECTION_CLOSED(Reason.CONNECTION_CLOSED),
        RESEND_REQUEST_INCOMPLETE(Reason.REQUEST_INCOMPLETE);

        private final Reason reason;

        Verdict(Reason reason) {
            this.reason = reason;
        }

        /** Why the request is sent again, or null when it is not. */
        Reason reason() {
            return reason;
        }
    }

    private ResendRule() {}

    /**
     * Whether {@code request} could be sent again even after it was written in full: an
     * idempotent method or an {@code Idempotency-Key}, and a body that can be written twice.
     */
    static boolean mayResendAfterWriting(Request request) {
        return Idempotency.isSafeToRepeat(request) && Idempotency.canWriteBodyAgain(request);
    }

    static Verdict judge(Call call, Request request, IOException failure) {
        if (call.isCanceled()) {
            return Verdict.NOT_STALE;
        }
        if (failure instanceof NothingSentException
                || HTTP2_SHUTDOWN.equals(failure.getClass().getName())) {
            return Verdict.RESEND_NOT_SENT;
        }
        if (!ExchangeRecord.isKeptFor(call) || !peerClosed(failure)) {
            return Verdict.NOT_STALE;
        }
        ExchangeRecord record = ExchangeRecord.of(call);
        if (record != null
                && (record.failedWhileConnecting()
                        || record.onFreshConnection()
                        || record.responseBytesArrivedInExchange()
                        || record.hasFollowedUp())) {
            return Verdict.NOT_STALE;
        }
        if (!Idempotency.canWriteBodyAgain(request)) {
            return Verdict.STALE_NOT_RESENT;
        }
        if (Idempotency.isSafeToRepeat(request)) {
            return Verdict.RESEND_CONNECTION_CLOSED;
        }
        if (record != null && record.requestWriteFailedInExchange()) {
            return Verdict.RESEND_REQUEST_INCOMPLETE;
        }
        return Verdict.STALE_NOT_RESENT;
    }

    /** An EOF or a reset somewhere in the failure's causes; a timeout or a refused connect is not one. */
    private static boolean peerClosed(IOException failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
            if (current instanceof InterruptedIOException) {
                return false;
            }
            if (current instanceof EOFException) {
                return true;
            }
            if (current instanceof SocketException) {
                return !(current instanceof ConnectException
                        || current instanceof NoRouteToHostException
                        || current instanceof PortUnreachableException);
            }
            current = current.getCause();
        }
        return false;
    }
}
