package dev.nala.mode.standalone.balancing;

import dev.nala.DeploymentMode;
import dev.nala.discovery.PerServiceDiscovery;
import dev.nala.discovery.ServiceDiscovery;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.mode.standalone.AttemptStep;
import dev.nala.spi.ModeContext;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Each logical service's endpoints, from discovery, and the attempt step that picks one
 * ({@link #selection}). Started once per factory and closed with it.
 */
public final class ServiceEndpoints implements AutoCloseable {
    private final ServiceDiscovery discovery;
    private final BalancingTelemetry telemetry;
    private final EndpointPools pools;
    private final NalaSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServiceEndpoints(ModeContext context, ServiceDiscovery discovery, Clock clock) {
        this.discovery = discovery;
        this.settings = context.settings();
        this.telemetry = new BalancingTelemetry(context.openTelemetry());
        this.pools = new EndpointPools(context.settings(), discovery, clock, telemetry);
        telemetry.observe(context.openTelemetry(), pools::all);
    }

    /** Starts discovery ({@link PerServiceDiscovery}: each service's own source); no thread runs until a Consul service is first called. */
    public static ServiceEndpoints start(ModeContext context) {
        return start(
                context,
                PerServiceDiscovery.create(context.settings(), context.openTelemetry(), DeploymentMode.STANDALONE),
                Clock.systemUTC());
    }

    /** For tests: a given discovery source (closed by {@link #close()}) and clock. */
    static ServiceEndpoints start(ModeContext context, ServiceDiscovery discovery, Clock clock) {
        return new ServiceEndpoints(context, discovery, clock);
    }

    /** Endpoint selection, in front of {@code next}. */
    public AttemptStep selection(AttemptStep next) {
        return new EndpointSelection(pools, next);
    }

    /** Subset routing (canary releases), in front of {@code next}; {@code next} itself when no service has subsets. */
    public AttemptStep routing(AttemptStep next) {
        return SubsetRouting.around(next, settings);
    }

    /** Stops discovery watches and metric callbacks. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            discovery.close();
            telemetry.close();
        }
    }

    /** For tests: the endpoint pools. */
    EndpointPools pools() {
        return pools;
    }
}
