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
import java.util.List;
import okhttp3.HttpUrl;

/**
 * The exception a call ends with when its last attempt failed without a response: after several
 * attempts, one of the last failure's JDK type naming the service, the attempts and why Nala
 * stopped. See "When Nala stops" in docs/standalone.md.
 */
final class LastFailure {
    private LastFailure() {}

    static IOException of(
            String service,
            int attempts,
            GiveUpReason reason,
            IOException last,
            List<IOException> earlier,
            TriedEndpoints tried,
            HttpUrl url) {
        if (attempts <= 1 && (earlier == null || earlier.isEmpty())) {
            return last;
        }
        IOException thrown;
        if (last.getClass().getName().startsWith("dev.nala.")) {
            thrown = last;
        } else {
            thrown = sameType(last, message(service, attempts, reason, last, tried, url));
            thrown.initCause(last);
        }
        if (earlier != null) {
            for (IOException failure : earlier) {
                if (failure != thrown) {
                    thrown.addSuppressed(failure);
                }
            }
        }
        return thrown;
    }

    static String message(
            String service, int attempts, GiveUpReason reason, IOException last, TriedEndpoints tried, HttpUrl url) {
        StringBuilder text = new StringBuilder(160)
                .append("Call to '")
                .append(service)
                .append("' failed after ")
                .append(attempts)
                .append(attempts == 1 ? " attempt (" : " attempts (")
                .append(reason.description())
                .append("); ");
        if (tried.size() == 0) {
            text.append("sent to ")
                    .append(url.host().indexOf(':') >= 0 ? "[" + url.host() + "]" : url.host())
                    .append(':')
                    .append(url.port())
                    .append(" as written in the URL");
        } else {
            text.append("endpoints tried: ");
            List<?> endpoints = tried.all();
            for (int i = 0; i < endpoints.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(endpoints.get(i));
            }
        }
        return text.append("; last error: ").append(last).toString();
    }

    /** A fresh exception of the last failure's class when it is a plain JDK one, else an IOException. */
    private static IOException sameType(IOException last, String message) {
        Class<?> type = last.getClass();
        if (type == SocketTimeoutException.class) {
            return new SocketTimeoutException(message);
        }
        if (type == ConnectException.class) {
            return new ConnectException(message);
        }
        if (type == NoRouteToHostException.class) {
            return new NoRouteToHostException(message);
        }
        if (type == PortUnreachableException.class) {
            return new PortUnreachableException(message);
        }
        if (type == UnknownHostException.class) {
            return new UnknownHostException(message);
        }
        if (type == SocketException.class) {
            return new SocketException(message);
        }
        if (type == EOFException.class) {
            return new EOFException(message);
        }
        if (type == InterruptedIOException.class) {
            return new InterruptedIOException(message);
        }
        return new IOException(message);
    }
}
