package dev.nala.internal;

import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * A validated address of one service instance (IP literal or DNS name, port 1-65535): whatever
 * comes from discovery or configuration passes here before it reaches a URL.
 */
public record Endpoint(String host, int port) {
    private static final int MAX_HOST_LENGTH = 253;

    /** @throws IllegalArgumentException naming the bad value and what is allowed */
    public Endpoint {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "Invalid port " + port + " for host \"" + host + "\": must be between 1 and 65535");
        }
        host = canonicalHost(host);
    }

    /** @throws IllegalArgumentException naming the bad value and what is allowed */
    public static Endpoint of(String host, int port) {
        return new Endpoint(host, port);
    }

    /**
     * Parses {@code host:port}, with IPv6 literals in brackets: {@code 10.0.0.5:8080},
     * {@code payments.internal:443}, {@code [::1]:8081}.
     *
     * @throws IllegalArgumentException naming the bad value and the expected form
     */
    public static Endpoint parse(String text) {
        String form = " (expected host:port, e.g. 10.0.0.5:8080 or [::1]:8080)";
        if (text == null) {
            throw new IllegalArgumentException("Invalid endpoint null" + form);
        }
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("Invalid endpoint \"" + text + "\"" + form);
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException(
                    "Invalid endpoint \"" + text + "\": put an IPv6 address in brackets" + form);
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid endpoint \"" + text + "\": the port is not a number" + form);
        }
        try {
            return new Endpoint(host, port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid endpoint \"" + text + "\": " + e.getMessage(), e);
        }
    }

    /** Canonicalizes the host on each call; on a per-request path use a {@link TargetHost}. */
    public HttpUrl applyTo(HttpUrl url) {
        return url.newBuilder().host(host).port(port).build();
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static String canonicalHost(String host) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("Invalid host \"\": must be an IP address or a host name");
        }
        if (host.indexOf(':') >= 0) {
            return canonicalIpv6(host);
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (looksLikeIpv4(lower)) {
            if (!isIpv4(lower)) {
                throw new IllegalArgumentException("Invalid IPv4 address \"" + host + "\"");
            }
            return lower;
        }
        String problem = hostNameProblem(lower);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid host \"" + host + "\": " + problem);
        }
        return lower;
    }

    private static String canonicalIpv6(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean allowed = Character.digit(c, 16) >= 0 || c == ':' || c == '.';
            if (!allowed) {
                throw new IllegalArgumentException("Invalid IPv6 address \"" + host + "\"");
            }
        }
        HttpUrl url = HttpUrl.parse("http://[" + host + "]/");
        if (url == null) {
            throw new IllegalArgumentException("Invalid IPv6 address \"" + host + "\"");
        }
        return url.host();
    }

    private static boolean looksLikeIpv4(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String hostNameProblem(String host) {
        if (host.length() > MAX_HOST_LENGTH) {
            return "a host name has at most " + MAX_HOST_LENGTH + " characters";
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            String problem = ServiceName.labelProblem(label);
            if (problem != null) {
                return "label \"" + label + "\" " + problem;
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return "the last label of a host name cannot be all digits";
        }
        return null;
    }
}
