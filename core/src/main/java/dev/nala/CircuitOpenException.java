package dev.nala;

import java.io.IOException;
import java.time.Instant;

/**
 * A call failed fast because the service's circuit breaker is open: recent calls to the service
 * failed often enough that Nala stopped sending more until the next probe is allowed. Nothing
 * was sent on the wire for this attempt.
 */
public class CircuitOpenException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String service;
    private final Instant nextProbeAt;

    /**
     * @param service the logical service whose breaker is open
     * @param nextProbeAt the earliest time a probe call is let through
     */
    public CircuitOpenException(String service, Instant nextProbeAt) {
        super("Circuit breaker for service '" + service + "' is open; calls fail fast until the next probe at "
                + nextProbeAt);
        this.service = service;
        this.nextProbeAt = nextProbeAt;
    }

    /** @return the logical service whose breaker is open */
    public String service() {
        return service;
    }

    /** @return the earliest time a probe call is let through */
    public Instant nextProbeAt() {
        return nextProbeAt;
    }
}
