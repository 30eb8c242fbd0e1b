package dev.nala.internal.settings;

/** A password or token whose {@link #toString()} never shows the value, so logs cannot leak it. */
public final class Secret {
    private final String value;

    Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** Use it only where it is sent or decoded, never to log. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "<redacted>";
    }
}
