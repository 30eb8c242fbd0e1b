package dev.nala;

/**
 * Nala's configuration is unusable: a bad value, a missing file, a missing module.
 *
 * <p>Raised while an {@link HttpClientFactory} is built, never during a call. The message names
 * the offending value, where it came from, and what is allowed. It never contains a secret.
 */
public class NalaConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, where it came from, and what is allowed */
    public NalaConfigurationException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, where it came from, and what is allowed
     * @param cause the underlying failure
     */
    public NalaConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
