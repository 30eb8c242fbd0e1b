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
 * Which failed exchanges {@link ConnectionResend} sends once more: only those that cannot have
 * been acted on. The rules are in docs/configuration.md, "A request that meets a connection the
 * server closed"; over TLS, "not one byte of a response" means no complete response head.
 */
final class ResendRule {
    private static final int MAX_CAUSE_DEPTH = 5;
    private static final String HTTP2_SHUTDOWN = "okhttp3.internal.http2.ConnectionShutdownException";

    /** The values of {@code nala.resend_reason}. */
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

    enum Verdict {
        NOT_STALE(null),
        /** A closed pooled connection, but the request may have reached the server. */
        STALE_NOT_RESENT(null),
        RESEND_NOT_SENT(Reason.NOT_SENT),
        RESEND_CONNECTION_CLOSED(Reason.CONNECTION_CLOSED),
        RESEND_REQUEST_INCOMPLETE(Reason.REQUEST_INCOMPLETE);

        private final Reason reason;

        Verdict(Reason reason) {
            this.reason = reason;
        }

        /** Null when the request is not sent again. */
        Reason reason() {
            return reason;
        }
    }

    private ResendRule() {}

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

    /** A timeout or a refused connect is not one. */
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
