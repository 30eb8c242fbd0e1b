package dev.nala.mode.standalone.balancing;

import dev.nala.DeploymentMode;
import dev.nala.discovery.PerServiceDiscovery;
import dev.nala.discovery.ServiceDiscovery;
import dev.nala.mode.standalone.breaker.ServiceBreakers;
import dev.nala.spi.ModeContext;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Interceptor;

/**
 * Standalone mode's endpoint selection and circuit breaking, for the chain assembler: start it
 * once per factory, add {@link #interceptors()} inside the retry loop (after request id and
 * retry, before the per-try timeout), and {@link #close()} it with the factory.
 *
 * <ul>
 *   <li>{@link #endpointSelection()}: per attempt, picks an endpoint of the logical service from
 *       discovery (power of two choices over least outstanding requests, or round robin), a
 *       different one than the call's earlier attempts when it can (it reads and appends the
 *       request's {@link dev.nala.mode.standalone.TriedEndpoints} tag), skipping ejected
 *       endpoints, and rewrites the URL. Fails with {@link dev.nala.ServiceDiscoveryException}
 *       when the service has no endpoint. Hosts that are not logical services pass through.
 *   <li>{@link #circuitBreaking()}: the service's circuit breaker; fails fast with
 *       {@link dev.nala.CircuitOpenException} while it is open.
 * </ul>
 */
public final class Balancing implements AutoCloseable {
    private final ServiceDiscovery discovery;
    private final BalancingTelemetry telemetry;
    private final ServiceBreakers breakers;
    private final Interceptor endpointSelection;
    private final EndpointPools pools;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Balancing(ModeContext context, ServiceDiscovery discovery, Clock clock) {
        this.discovery = discovery;
        this.telemetry = new BalancingTelemetry(context.openTelemetry());
        this.pools = new EndpointPools(context.settings(), discovery, clock, telemetry);
        telemetry.observe(context.openTelemetry(), pools::all);
        this.endpointSelection = new EndpointSelection(pools);
        this.breakers = ServiceBreakers.create(context.settings(), context.openTelemetry(), clock);
    }

    /**
     * Starts discovery ({@link PerServiceDiscovery}: each service's own source) and the breaker
     * registry. No thread runs until a Consul service is first called.
     */
    public static Balancing start(ModeContext context) {
        return start(context,
                PerServiceDiscovery.create(context.settings(), context.openTelemetry(), DeploymentMode.STANDALONE),
                Clock.systemUTC());
    }

    /** For tests: a given discovery source (closed by {@link #close()}) and clock. */
    static Balancing start(ModeContext context, ServiceDiscovery discovery, Clock clock) {
        return new Balancing(context, discovery, clock);
    }

    /** The interceptors to add, in order: endpoint selection, then circuit breaking. */
    public List<Interceptor> interceptors() {
        return List.of(endpointSelection, breakers.interceptor());
    }

    /** Picks each attempt's endpoint and rewrites its URL. */
    public Interceptor endpointSelection() {
        return endpointSelection;
    }

    /** Guards each attempt with the service's circuit breaker. */
    public Interceptor circuitBreaking() {
        return breakers.interceptor();
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
