package dev.nala;

import java.io.IOException;

/**
 * A call's URL has a single-label host, which names a logical service, but the label is not a
 * valid service name (lower-case letters, digits and '-', at most 63 characters).
 */
public final class InvalidServiceNameException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String host;

    /**
     * @param host the host as written in the URL
     * @param problem the rule it breaks
     */
    public InvalidServiceNameException(String host, String problem) {
        super("URL host \"" + host + "\" names a logical service but is not a valid service name: " + problem);
        this.host = host;
    }

    /** @return the host as written in the URL */
    public String host() {
        return host;
    }
}
