package dev.nala.discovery;

import dev.nala.ServiceDiscoveryException;

/**
 * A call's deadline came before a discovery source's first answer; the source keeps asking, so a
 * later call may succeed.
 */
public final class DiscoveryPendingException extends ServiceDiscoveryException {
    private static final long serialVersionUID = 1L;

    private final String pending;

    /** @param message what was still pending, a short phrase without the service's name */
    public DiscoveryPendingException(String service, String message) {
        super(
                service,
                "Discovery of service \"" + service + "\" was still pending when the call's deadline came: " + message);
        this.pending = message;
    }

    public String pending() {
        return pending;
    }
}
