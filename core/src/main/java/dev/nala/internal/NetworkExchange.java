package dev.nala.internal;

import java.io.IOException;
import java.net.Socket;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Sends one exchange from the factory's network interceptor, noting for {@link ConnectionResend}
 * whether the connection was pooled and whether response bytes arrived, and refusing (closing) a
 * pooled HTTP/1 connection during a resend, or one the peer already closed before a request that
 * could not be resent once written ({@link PlainSocket#peerClosed()}; never TLS, whose records a
 * read could consume).
 */
public final class NetworkExchange {
    private NetworkExchange() {}

    public static Response send(Interceptor.Chain chain) throws IOException {
        Call call = chain.call();
        ExchangeRecord record = ExchangeRecord.of(call);
        boolean fresh = record != null && record.exchangeStarting();
        Connection connection = chain.connection();
        Socket socket = connection != null ? connection.socket() : null;
        if (!fresh && socket != null && isHttp1(connection.protocol())) {
            if (record != null && record.resending) {
                throw refuse(socket, "a resend goes out on a new connection, not a pooled one");
            }
            if (socket instanceof PlainSocket plain
                    && !ResendRule.mayResendAfterWriting(chain.request())
                    && plain.peerClosed()) {
                throw refuse(socket, "the peer had closed the pooled connection");
            }
        }
        long readBefore = socket != null ? PlainSocket.bytesRead(socket) : -1;
        try {
            return chain.proceed(chain.request());
        } catch (IOException failure) {
            if (readBefore >= 0 && PlainSocket.bytesRead(socket) != readBefore) {
                ExchangeRecord.of(call, true).responseBytesArrived();
            }
            throw failure;
        }
    }

    private static boolean isHttp1(Protocol protocol) {
        return protocol == Protocol.HTTP_1_1 || protocol == Protocol.HTTP_1_0;
    }

    private static NothingSentException refuse(Socket socket, String why) {
        NothingSentException refused = new NothingSentException("Nothing sent on a pooled connection to "
                + socket.getInetAddress().getHostAddress() + ":" + socket.getPort() + ": " + why);
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is only so the pool drops it; it is unusable either way.
        }
        return refused;
    }
}
