package dev.nala;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Keeps out of the pool a connection whose HTTP/1.0 response lacks {@code Connection: keep-alive}
 * (RFC 9112 section 9.3), which OkHttp would pool, by shutting down its output: the body still
 * reads. TLS cannot be half-closed; there the resend ({@link dev.nala.internal.ConnectionResend})
 * covers it.
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
