package dev.nala.internal;

import java.io.IOException;
import java.net.Socket;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Sends one exchange on the connection OkHttp chose for it (from the factory's network
 * interceptor), noting what {@link ConnectionResend} needs to judge a failure:
 * <ul>
 *   <li>the start of the exchange in the call's {@link ExchangeRecord}, so a failure can later be
 *       told to be on a pooled connection or on one opened for it;
 *   <li>whether any byte of a response arrived before a failure (a {@link PlainSocket} counts
 *       them): a server that began to answer did receive the request;
 *   <li>while a request is being resent, any pooled HTTP/1 connection is refused, so the resend
 *       goes out on a new connection;
 *   <li>before a request that could not be resent once written (a POST or PATCH without an
 *       {@code Idempotency-Key}, a one-shot body), whether the peer has already closed the pooled
 *       plain-HTTP connection ({@link PlainSocket#peerClosed()}: one non-blocking read; a TLS
 *       socket is never read past OkHttp, which could consume TLS records); if so it is refused.
 * </ul>
 * A refused connection is closed, so the pool drops it, and the exchange fails before anything
 * was written, with an exception that says so.
 */
public final class NetworkExchange {
    private NetworkExchange() {}

    /** Sends {@code chain}'s request on its connection; see the class comment. */
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
