package dev.nala.internal;

import dev.nala.InvalidServiceNameException;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The validated name of a logical service: one lower-case RFC 1123 label, such as {@code
 * payment-service}, checked before it reaches a URL, a DNS name or a Consul path.
 */
public record ServiceName(String value) {
    private static final int MAX_LABEL_LENGTH = 63;

    public ServiceName {
        String problem = labelProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid service name " + quote(value) + ": " + problem);
        }
    }

    /** @throws IllegalArgumentException naming the value and the rule it breaks */
    public static ServiceName of(String value) {
        return new ServiceName(value);
    }

    /**
     * @throws InvalidServiceNameException if the host is a single label that is not a valid
     *     service name (for example {@code http://pay_ment/})
     */
    public static Optional<ServiceName> fromUrl(HttpUrl url) throws InvalidServiceNameException {
        String host = url.host();
        if (!isLogicalHost(host)) {
            return Optional.empty();
        }
        String problem = labelProblem(host);
        if (problem != null) {
            throw new InvalidServiceNameException(host, problem);
        }
        return Optional.of(new ServiceName(host));
    }

    /** No dot, not an IP literal, not {@code localhost}. */
    public static boolean isLogicalHost(String host) {
        return host.indexOf('.') < 0 && host.indexOf(':') < 0 && !host.equals("localhost");
    }

    /** @return why the text is not a valid service name, or null if it is one */
    static String labelProblem(String value) {
        if (value == null || value.isEmpty()) {
            return "must not be empty";
        }
        if (value.length() > MAX_LABEL_LENGTH) {
            return "must be at most " + MAX_LABEL_LENGTH + " characters (an RFC 1123 label)";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!allowed) {
                return "only lower-case letters, digits and '-' are allowed (an RFC 1123 label), found "
                        + quote(String.valueOf(c));
            }
        }
        if (value.charAt(0) == '-' || value.charAt(value.length() - 1) == '-') {
            return "must start and end with a letter or digit (an RFC 1123 label)";
        }
        return null;
    }

    private static String quote(String value) {
        return value == null ? "null" : '"' + value + '"';
    }

    @Override
    public String toString() {
        return value;
    }
}
