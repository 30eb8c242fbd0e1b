package dev.nala.mode.standalone.breaker;

import dev.nala.settings.CircuitBreakerSettings;
import dev.nala.spi.ServiceName;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Instant;

/**
 * One logical service's circuit breaker: a Resilience4j {@link CircuitBreaker} named after the
 * service, configured from {@code nala.services."<name>".circuit-breaker}.
 *
 * <p>Code that shares breaker state between replicas attaches to {@link #circuitBreaker()} (its
 * event publisher, its {@code transitionTo...} methods) from a
 * {@link ServiceBreakers#addCreationListener creation listener}.
 */
public final class ServiceBreaker {
    private final ServiceName service;
    private final CircuitBreakerSettings settings;
    private final CircuitBreaker circuitBreaker;
    private final Clock clock;
    private volatile Instant nextProbeAt = Instant.EPOCH;

    ServiceBreaker(ServiceName service, CircuitBreakerSettings settings, CircuitBreaker circuitBreaker, Clock clock) {
        this.service = service;
        this.settings = settings;
        this.circuitBreaker = circuitBreaker;
        this.clock = clock;
    }

    /** @return the logical service this breaker guards */
    public ServiceName service() {
        return service;
    }

    /** @return the service's breaker settings, {@code shared-state} included */
    public CircuitBreakerSettings settings() {
        return settings;
    }

    /** @return the Resilience4j breaker; its name is the service name */
    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /**
     * @return the earliest time a probe call is let through: {@code wait-in-open} after the
     *     breaker last opened, or now when it is half-open with every probe already in flight
     */
    public Instant nextProbeAt() {
        CircuitBreaker.State state = circuitBreaker.getState();
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            return nextProbeAt;
        }
        return clock.instant();
    }

    /** Called on every transition to open, on the thread that opened it. */
    void opened() {
        nextProbeAt = clock.instant().plus(settings.waitInOpen());
    }
}
