package dev.nala.internal;

import java.io.IOException;

/**
 * Nala closed a pooled connection instead of sending on it; {@link ConnectionResend} catches it
 * and sends the request on another connection.
 */
final class NothingSentException extends IOException {
    private static final long serialVersionUID = 1L;

    NothingSentException(String message) {
        super(message);
    }
}
