package dev.nala;

import java.io.IOException;

/**
 * Nala could not tell where a logical service lives: the service is unknown, has no healthy
 * instance, or the discovery source could not be reached. The message names the service and
 * the source that was asked.
 */
public class ServiceDiscoveryException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String service;

    /**
     * @param service the logical service name
     * @param message what was tried and why it failed
     */
    public ServiceDiscoveryException(String service, String message) {
        super(message);
        this.service = service;
    }

    /**
     * @param service the logical service name
     * @param message what was tried and why it failed
     * @param cause the underlying failure
     */
    public ServiceDiscoveryException(String service, String message, Throwable cause) {
        super(message, cause);
        this.service = service;
    }

    /** @return the logical service that could not be located */
    public String service() {
        return service;
    }
}
