package dev.nala.mode.standalone.balancing;

import dev.nala.CallTimeoutException;
import dev.nala.InvalidServiceNameException;
import dev.nala.ServiceDiscoveryException;
import dev.nala.discovery.DiscoveryPendingException;
import dev.nala.discovery.ServiceDiscovery;
import dev.nala.internal.CallDeadline;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.DurationText;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint pool of every service called so far, kept current by discovery's change
 * listener: a call never asks discovery, except the first call of a service, which creates its
 * pool.
 */
final class EndpointPools {
    private static final Logger log = LoggerFactory.getLogger(EndpointPools.class);

    private final NalaSettings settings;
    private final ServiceDiscovery discovery;
    private final Clock clock;
    private final BalancingTelemetry telemetry;
    /** By service name text, so that a call finds its pool by the URL's host without validating it again. */
    private final ConcurrentHashMap<String, EndpointPool> pools = new ConcurrentHashMap<>();

    EndpointPools(NalaSettings settings, ServiceDiscovery discovery, Clock clock, BalancingTelemetry telemetry) {
        this.settings = settings;
        this.discovery = discovery;
        this.clock = clock;
        this.telemetry = telemetry;
        discovery.addChangeListener(this::changed);
    }

    EndpointPool pool(ServiceName service) throws ServiceDiscoveryException {
        EndpointPool pool = pools.get(service.value());
        return pool != null ? pool : create(service);
    }

    /**
     * The pool of the logical service {@code url} names, or null for an ordinary host. The first
     * call of a service waits for discovery's first answer, but no longer than {@code call}'s
     * deadline.
     *
     * @throws InvalidServiceNameException for a single-label host that is not a valid name
     * @throws CallTimeoutException when the call's deadline passes before discovery's first answer
     */
    EndpointPool forUrl(HttpUrl url, Call call) throws IOException {
        EndpointPool pool = pools.get(url.host());
        if (pool != null) {
            return pool;
        }
        Optional<ServiceName> service = ServiceName.fromUrl(url);
        if (service.isEmpty()) {
            return null;
        }
        return CallDeadline.waitWithin(call, deadline -> firstPool(service.get(), deadline, call));
    }

    private EndpointPool firstPool(ServiceName service, long deadlineNanos, Call call) throws IOException {
        try {
            discovery.endpoints(service, deadlineNanos); // the first answer, awaited outside any lock
        } catch (DiscoveryPendingException pending) {
            throw new CallTimeoutException(
                    service.value(),
                    "Call to service \"" + service + "\" timed out after "
                            + DurationText.of(CallDeadline.timeoutOf(call)) + " (its deadline) waiting for discovery: "
                            + pending.pending(),
                    pending);
        }
        return pool(service);
    }

    Collection<EndpointPool> all() {
        return pools.values();
    }

    private EndpointPool create(ServiceName service) throws ServiceDiscoveryException {
        ServiceSettings serviceSettings = settings.service(service);
        EndpointPool created = new EndpointPool(
                service,
                discovery,
                describeSource(service, serviceSettings),
                serviceSettings.outlierDetection(),
                EndpointPicker.of(serviceSettings.loadBalancer()),
                clock,
                telemetry,
                serviceSettings.routing());
        // Fails (and creates nothing) while discovery cannot answer for the service yet.
        created.refresh();
        EndpointPool existing = pools.putIfAbsent(service.value(), created);
        if (existing != null) {
            return existing;
        }
        // A change between the first read and the insert reached no listener: read again.
        created.refresh();
        return created;
    }

    private void changed(ServiceName service, List<Endpoint> endpoints) {
        EndpointPool pool = pools.get(service.value());
        if (pool == null) {
            return;
        }
        try {
            pool.refresh();
        } catch (ServiceDiscoveryException e) {
            log.debug("Could not refresh the endpoints of service {}: {}", service, e.getMessage());
        }
    }

    private String describeSource(ServiceName service, ServiceSettings serviceSettings) {
        if (serviceSettings.discovery() == ServiceSettings.DiscoverySource.STATIC) {
            return "the static list " + serviceSettings.configPath() + ".endpoints";
        }
        return "Consul at " + settings.consul().address() + " (passing instances of \"" + service + "\")";
    }
}
