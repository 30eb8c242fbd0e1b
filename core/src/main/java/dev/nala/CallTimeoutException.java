package dev.nala;

import java.io.InterruptedIOException;

/**
 * A call's {@code call-timeout} passed while Nala itself was waiting for something the call
 * needs, such as discovery's first answer for its service. The message names the service, the
 * timeout and the setting, and what was still pending, for example
 * {@code Call to service "inventory" timed out after 1s (its deadline) waiting for discovery: no
 * answer yet from Consul at http://127.0.0.1:8500 (from default)}.
 *
 * <p>An {@link InterruptedIOException}, as OkHttp's own {@code timeout} is, so code that catches
 * that still catches this.
 */
public class CallTimeoutException extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    private final String service;

    /**
     * @param service the logical service the call was for
     * @param message what timed out, after how long, and what was pending
     * @param cause what the wait reported when the deadline passed, or null
     */
    public CallTimeoutException(String service, String message, Throwable cause) {
        super(message);
        this.service = service;
        if (cause != null) {
            initCause(cause);
        }
    }

    /** @return the logical service the call was for */
    public String service() {
        return service;
    }
}
