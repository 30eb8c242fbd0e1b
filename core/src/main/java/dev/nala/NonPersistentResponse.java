package dev.nala;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Keeps a connection out of the pool when its response said it will not persist, where OkHttp
 * would pool it: an HTTP/1.0 response without {@code Connection: keep-alive} (RFC 9112 section
 * 9.3). Such a server ({@code python3 -m http.server}, many embedded ones) closes the connection
 * after the response, so a pooled copy would fail the next request sent on it. OkHttp already
 * drops connections whose response says {@code Connection: close}.
 *
 * <p>The connection's output is shut down once the response head has arrived (the whole request
 * was written by then): the body still reads to its end, and OkHttp's pool refuses a connection
 * whose output is shut down. TLS sockets cannot be half-closed; such a response over TLS is left
 * to the resend ({@link dev.nala.internal.ConnectionResend}).
 */
final class NonPersistentResponse {
    private NonPersistentResponse() {}

    static void keepOutOfPool(Interceptor.Chain chain, Response response) {
        if (response.protocol() != Protocol.HTTP_1_0 || asksToKeepAlive(response)) {
            return;
        }
        okhttp3.Connection connection = chain.connection();
        if (connection == null) {
            return;
        }
        Socket socket = connection.socket();
        if (socket instanceof SSLSocket || socket.isOutputShutdown()) {
            return;
        }
        try {
            socket.shutdownOutput();
        } catch (IOException | UnsupportedOperationException ignored) {
            // The connection is closing anyway; at worst the pool keeps it and the resend covers it.
        }
    }

    private static boolean asksToKeepAlive(Response response) {
        for (String value : response.headers("Connection")) {
            for (String token : value.split(",")) {
                if (token.trim().equalsIgnoreCase("keep-alive")) {
                    return true;
                }
            }
        }
        return false;
    }
}
