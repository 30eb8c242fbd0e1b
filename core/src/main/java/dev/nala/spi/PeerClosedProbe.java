package dev.nala.spi;

import java.net.Socket;

/**
 * Tells, without waiting, whether the peer has closed a pooled HTTP/1 connection: its FIN or
 * reset has arrived, or it sent bytes nobody asked for. It needs a {@link PlainSocket} (the
 * factory's plain sockets), read once in non-blocking mode. TLS sockets are never looked at:
 * reading one past OkHttp could consume TLS records (a TLS 1.3 server may send session tickets
 * at any time). OkHttp's own check reads with a 1 ms timeout, which an open connection waits out
 * in full, so OkHttp does it only after 10 s idle, before non-GET requests.
 */
final class PeerClosedProbe {
    private PeerClosedProbe() {}

    /** Whether {@code socket} can be looked at: one of the factory's plain sockets. */
    static boolean canProbe(Socket socket) {
        return socket instanceof PlainSocket;
    }

    /**
     * @param socket a socket {@link #canProbe} accepted, of a connection no exchange is using
     * @return true if the peer has closed the connection or it is otherwise unusable
     */
    static boolean peerClosed(Socket socket) {
        return ((PlainSocket) socket).peerClosed();
    }
}
