package dev.nala.discovery;

import dev.nala.DeploymentMode;
import dev.nala.ServiceDiscoveryException;
import dev.nala.internal.Endpoint;
import dev.nala.internal.InstanceLabels;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ConsulSettings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Healthy instances from Consul, kept fresh by one blocking-query watch per service, started the
 * first time the service is asked for. The rules the watch follows: docs/discovery.md; its
 * metrics: docs/observability.md.
 */
public final class ConsulDiscovery implements ServiceDiscovery {
    private static final Logger log = LoggerFactory.getLogger(ConsulDiscovery.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ConsulSettings settings;
    private final ConsulHealthClient client;
    private final Map<ServiceName, ServiceWatch> watches = new ConcurrentHashMap<>();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lifecycle = new Object();
    private final DiscoveryMetrics metrics;
    private final ObservableDoubleGauge staleness;
    private boolean closed;

    private ConsulDiscovery(ConsulSettings settings, DiscoveryMetrics metrics) {
        this.settings = settings;
        this.client = new ConsulHealthClient(settings);
        this.metrics = metrics;
        this.staleness = metrics.stalenessGauge(measurement -> {
            long now = System.nanoTime();
            watches.forEach(
                    (service, watch) -> measurement.record(watch.stalenessSeconds(now), metrics.attributes(service)));
        });
    }

    /** Starts no thread by itself. Records no metrics. */
    public static ConsulDiscovery create(ConsulSettings settings) {
        return new ConsulDiscovery(settings, DiscoveryMetrics.disabled());
    }

    /**
     * Starts no thread by itself.
     *
     * @param openTelemetry the factory's instance ({@code ModeContext.openTelemetry()})
     * @param mode for {@code nala.deployment_mode}
     */
    public static ConsulDiscovery create(ConsulSettings settings, OpenTelemetry openTelemetry, DeploymentMode mode) {
        return new ConsulDiscovery(settings, DiscoveryMetrics.of(openTelemetry, mode));
    }

    @Override
    public List<Endpoint> endpoints(ServiceName service) throws ServiceDiscoveryException {
        ServiceWatch watch = watches.get(service);
        if (watch == null) {
            watch = startWatch(service);
        }
        return watch.endpoints();
    }

    @Override
    public List<Endpoint> endpoints(ServiceName service, long deadlineNanos) throws ServiceDiscoveryException {
        ServiceWatch watch = watches.get(service);
        if (watch == null) {
            watch = startWatch(service);
        }
        return watch.endpoints(deadlineNanos);
    }

    /** Empty for a service not watched yet. */
    @Override
    public Map<Endpoint, InstanceLabels> labels(ServiceName service) {
        ServiceWatch watch = watches.get(service);
        return watch == null ? Map.of() : watch.labels();
    }

    private ServiceWatch startWatch(ServiceName service) throws ServiceDiscoveryException {
        synchronized (lifecycle) {
            if (closed) {
                throw new ServiceDiscoveryException(
                        service.value(),
                        "Cannot look up service \"" + service + "\": Consul discovery (" + client.address()
                                + ") is closed");
            }
            ServiceWatch watch = watches.get(service);
            if (watch == null) {
                watch = new ServiceWatch(service, client, settings, listeners, metrics);
                watches.put(service, watch);
                watch.start();
                log.debug("Watching service {} in Consul at {}", service, client.address());
            }
            return watch;
        }
    }

    @Override
    public void addChangeListener(ChangeListener listener) {
        listeners.add(listener);
    }

    @Override
    public String describe() {
        return "consul " + client.address();
    }

    /** Waits (briefly) for the watch threads to end. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        staleness.close();
        for (ServiceWatch watch : watches.values()) {
            watch.stop();
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            for (Map.Entry<ServiceName, ServiceWatch> watch : watches.entrySet()) {
                if (!watch.getValue().awaitStopped(deadline)) {
                    log.warn("The Consul watch of service {} did not stop within {}", watch.getKey(), CLOSE_WAIT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }
}
