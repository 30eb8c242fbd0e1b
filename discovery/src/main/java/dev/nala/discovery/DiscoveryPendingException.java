package dev.nala.discovery;

import dev.nala.ServiceDiscoveryException;

/**
 * A call's deadline came before a discovery source's first answer for the service: nothing is
 * known yet about where the service lives. The source keeps asking in the background, so a later
 * call may succeed. The message names the service; {@link #pending()} says what was still pending.
 */
public final class DiscoveryPendingException extends ServiceDiscoveryException {
    private static final long serialVersionUID = 1L;

    private final String pending;

    /**
     * @param service the logical service name
     * @param message what was still pending, a short phrase such as {@code no answer yet from
     *     Consul at http://127.0.0.1:8500 (from env CONSUL_HTTP_ADDR); last error: ...}; the
     *     exception's message is built from it and names the service
     */
    public DiscoveryPendingException(String service, String message) {
        super(
                service,
                "Discovery of service \"" + service + "\" was still pending when the call's deadline came: " + message);
        this.pending = message;
    }

    /** @return what was still pending, a short phrase without the service's name */
    public String pending() {
        return pending;
    }
}
