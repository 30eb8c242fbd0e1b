package dev.nala.spi;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * Tells whether the peer has closed a pooled HTTP/1 connection that has been idle a while: its
 * FIN or reset has arrived, or it sent bytes nobody asked for (a connection no longer in step).
 *
 * <p>It reads the socket with a 1 ms timeout: a closed connection answers at once, an open one
 * costs that millisecond. So it looks only at connections idle for {@value #IDLE_MILLIS} ms or
 * more, where a millisecond is small next to the idle time, and where servers' idle timeouts
 * (1 s and up) and drains leave closed connections. OkHttp's own check does the same after 10 s
 * idle. It needs a {@link PlainSocket} (the factory's plain sockets); TLS sockets are never looked
 * at, since reading them past OkHttp could consume TLS records.
 */
final class PeerClosedProbe {
    static final long IDLE_MILLIS = 500;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);

    private PeerClosedProbe() {}

    /** Whether {@code socket} can be looked at and has been idle long enough to be worth it. */
    static boolean worthProbing(Socket socket) {
        return socket instanceof PlainSocket plain && plain.idleNanos() >= IDLE_NANOS;
    }

    /**
     * @param socket a socket {@link #worthProbing} accepted
     * @return true if the peer has closed the connection or it is otherwise unusable; false if it
     *     looks open (nothing to read within 1 ms)
     */
    static boolean peerClosed(Socket socket) {
        Socket raw = ((PlainSocket) socket).unwrapped();
        int readTimeout;
        try {
            readTimeout = raw.getSoTimeout();
        } catch (IOException unusable) {
            return true;
        }
        try {
            raw.setSoTimeout(1);
            raw.getInputStream().read();
            return true; // the end of the stream, or a byte that belongs to no response
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException | RuntimeException unusable) {
            return true;
        } finally {
            try {
                raw.setSoTimeout(readTimeout);
            } catch (IOException closed) {
                // Nothing more will be read from it.
            }
        }
    }
}
