package dev.nala.internal.settings;

/**
 * A password or token from configuration. Its {@link #toString()} never shows the value, so a
 * secret that reaches a log line or an exception message by accident stays hidden.
 */
public final class Secret {
    private final String value;

    Secret(String value) {
        this.value = value;
    }

    /** Creates a secret from a value obtained elsewhere (an environment variable, a test). */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** @return the secret value; use it only where it is sent or decoded, never to log */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "<redacted>";
    }
}
