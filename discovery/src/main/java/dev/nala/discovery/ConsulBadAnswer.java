package dev.nala.discovery;

import java.io.IOException;

/**
 * Consul answered with a success status, but the answer cannot be used (not a JSON array, too
 * large, no valid instance). Like any failed request, it leaves the last known instances in place.
 */
final class ConsulBadAnswer extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message a safe, single-line description (no token, no control characters) */
    ConsulBadAnswer(String message) {
        super(message);
    }
}
