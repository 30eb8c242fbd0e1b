package dev.nala.internal;

import java.io.IOException;

/**
 * Nala closed a pooled connection instead of sending a request on it, so nothing of the request
 * reached the server: the peer had already closed the connection, or {@link ConnectionResend}
 * wants a new one. {@link ConnectionResend} catches it and sends the request on another
 * connection.
 */
final class NothingSentException extends IOException {
    private static final long serialVersionUID = 1L;

    NothingSentException(String message) {
        super(message);
    }
}
