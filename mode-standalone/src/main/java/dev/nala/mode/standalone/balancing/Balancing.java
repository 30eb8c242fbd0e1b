package dev.nala.mode.standalone.balancing;

import dev.nala.DeploymentMode;
import dev.nala.discovery.PerServiceDiscovery;
import dev.nala.discovery.ServiceDiscovery;
import dev.nala.mode.standalone.AttemptStep;
import dev.nala.mode.standalone.breaker.ServiceBreakers;
import dev.nala.spi.ModeContext;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Standalone mode's endpoint selection and circuit breaking, for the chain assembler: start it
 * once per factory, have the retry loop send each attempt through {@link #attemptRouting(AttemptStep)}, and
 * {@link #close()} it with the factory.
 *
 * <p>Per attempt, its first step picks an endpoint of the logical service from discovery
 * (power of two choices over latency times requests in flight, over requests in flight alone,
 * or round robin), a different one than
 * the call's earlier attempts when it can (it reads and appends the call's
 * {@link dev.nala.mode.standalone.TriedEndpoints}), skipping ejected endpoints, and rewrites the
 * URL; it fails with {@link dev.nala.ServiceDiscoveryException} when the service has no
 * endpoint. Then the service's circuit breaker, which fails fast with
 * {@link dev.nala.CircuitOpenException} while it is open. Hosts that are not logical services
 * pass through to the remaining steps.
 */
public final class Balancing implements AutoCloseable {
    private final ServiceDiscovery discovery;
    private final BalancingTelemetry telemetry;
    private final ServiceBreakers breakers;
    private final EndpointPools pools;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Balancing(ModeContext context, ServiceDiscovery discovery, Clock clock) {
        this.discovery = discovery;
        this.telemetry = new BalancingTelemetry(context.openTelemetry());
        this.pools = new EndpointPools(context.settings(), discovery, clock, telemetry);
        telemetry.observe(context.openTelemetry(), pools::all);
        this.breakers = ServiceBreakers.create(context.settings(), context.openTelemetry(), clock);
    }

    /**
     * Starts discovery ({@link PerServiceDiscovery}: each service's own source) and the breaker
     * registry. No thread runs until a Consul service is first called.
     */
    public static Balancing start(ModeContext context) {
        return start(
                context,
                PerServiceDiscovery.create(context.settings(), context.openTelemetry(), DeploymentMode.STANDALONE),
                Clock.systemUTC());
    }

    /** For tests: a given discovery source (closed by {@link #close()}) and clock. */
    static Balancing start(ModeContext context, ServiceDiscovery discovery, Clock clock) {
        return new Balancing(context, discovery, clock);
    }

    /**
     * The step each attempt starts with: endpoint selection, then the service's circuit
     * breaker, then {@code next} (the attempt's own remaining steps).
     */
    public AttemptStep attemptRouting(AttemptStep next) {
        return new EndpointSelection(pools, breakers, next);
    }

    /** The per-service breakers, to attach to each one as it is created. */
    public ServiceBreakers breakers() {
        return breakers;
    }

    /** Stops discovery watches and metric callbacks. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            discovery.close();
            telemetry.close();
            breakers.close();
        }
    }

    /** For tests: the endpoint pools. */
    EndpointPools pools() {
        return pools;
    }
}
