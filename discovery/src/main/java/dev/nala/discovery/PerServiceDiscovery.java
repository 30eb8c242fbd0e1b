package dev.nala.discovery;

import dev.nala.DeploymentMode;
import dev.nala.ServiceDiscoveryException;
import dev.nala.internal.Endpoint;
import dev.nala.internal.InstanceLabels;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ClosestName;
import dev.nala.internal.settings.ConsulSettings;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.internal.settings.ServiceSettings.DiscoverySource;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Standalone mode's discovery: each service's source as its settings name it. The Consul source
 * is created on first use, so static-only applications never talk to Consul.
 */
public final class PerServiceDiscovery implements ServiceDiscovery {
    private final NalaSettings settings;
    private final StaticDiscovery staticDiscovery;
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lifecycle = new Object();
    private final Function<ConsulSettings, ConsulDiscovery> consulFactory;
    private volatile ConsulDiscovery consul;
    private boolean closed;

    private PerServiceDiscovery(NalaSettings settings, Function<ConsulSettings, ConsulDiscovery> consulFactory) {
        this.settings = settings;
        this.staticDiscovery = StaticDiscovery.from(settings);
        this.consulFactory = consulFactory;
    }

    /** Starts no background work by itself. Records no metrics. */
    public static PerServiceDiscovery create(NalaSettings settings) {
        return new PerServiceDiscovery(settings, ConsulDiscovery::create);
    }

    /**
     * Starts no background work by itself.
     *
     * @param openTelemetry the factory's instance ({@code ModeContext.openTelemetry()})
     * @param mode for {@code nala.deployment_mode}
     */
    public static PerServiceDiscovery create(NalaSettings settings, OpenTelemetry openTelemetry, DeploymentMode mode) {
        return new PerServiceDiscovery(settings, consul -> ConsulDiscovery.create(consul, openTelemetry, mode));
    }

    @Override
    public List<Endpoint> endpoints(ServiceName service) throws ServiceDiscoveryException {
        if (settings.service(service).discovery() == DiscoverySource.STATIC) {
            return staticDiscovery.endpoints(service);
        }
        try {
            return consul(service).endpoints(service);
        } catch (DiscoveryPendingException e) {
            throw e;
        } catch (ServiceDiscoveryException e) {
            throw withBlockHint(service, e);
        }
    }

    @Override
    public List<Endpoint> endpoints(ServiceName service, long deadlineNanos) throws ServiceDiscoveryException {
        if (settings.service(service).discovery() == DiscoverySource.STATIC) {
            return staticDiscovery.endpoints(service);
        }
        try {
            return consul(service).endpoints(service, deadlineNanos);
        } catch (DiscoveryPendingException e) {
            throw e;
        } catch (ServiceDiscoveryException e) {
            throw withBlockHint(service, e);
        }
    }

    /** Static services have none: their subsets list endpoints. */
    @Override
    public Map<Endpoint, InstanceLabels> labels(ServiceName service) {
        if (settings.service(service).discovery() == DiscoverySource.STATIC) {
            return Map.of();
        }
        ConsulDiscovery existing = consul;
        return existing == null ? Map.of() : existing.labels(service);
    }

    /** Names the configured block probably meant: a misspelled block name is the usual cause. */
    private ServiceDiscoveryException withBlockHint(ServiceName service, ServiceDiscoveryException e) {
        Map<ServiceName, ServiceSettings> configured = settings.configuredServices();
        if (configured.isEmpty() || configured.containsKey(service)) {
            return e;
        }
        TreeSet<String> names = new TreeSet<>();
        configured.keySet().forEach(name -> names.add(name.value()));
        String hint = ClosestName.to(service.value(), names)
                .map(name -> "did you mean the configured service \"" + name + "\"?")
                .orElse(names.size() <= 10 ? "the services with a block are " + String.join(", ", names) : "");
        return new ServiceDiscoveryException(
                service.value(),
                e.getMessage() + ". Service \"" + service
                        + "\" has no block under nala.services, so it uses nala.defaults (discovery = consul)"
                        + (hint.isEmpty() ? "" : "; " + hint),
                e);
    }

    private ConsulDiscovery consul(ServiceName service) throws ServiceDiscoveryException {
        ConsulDiscovery existing = consul;
        if (existing != null) {
            return existing;
        }
        synchronized (lifecycle) {
            if (consul == null) {
                if (closed) {
                    throw new ServiceDiscoveryException(
                            service.value(), "Cannot look up service \"" + service + "\": discovery is closed");
                }
                ConsulDiscovery created = consulFactory.apply(settings.consul());
                listeners.forEach(created::addChangeListener);
                consul = created;
            }
            return consul;
        }
    }

    @Override
    public void addChangeListener(ChangeListener listener) {
        synchronized (lifecycle) {
            listeners.add(listener);
            if (consul != null) {
                consul.addChangeListener(listener);
            }
        }
    }

    /** E.g. {@code per-service (static: inventory; consul http://127.0.0.1:8500 for the others)}. */
    @Override
    public String describe() {
        TreeSet<String> staticServices = new TreeSet<>();
        for (Map.Entry<ServiceName, ServiceSettings> service :
                settings.configuredServices().entrySet()) {
            if (service.getValue().discovery() == DiscoverySource.STATIC) {
                staticServices.add(service.getKey().value());
            }
        }
        String consulSource =
                "consul " + ConsulHealthClient.describeAddress(settings.consul().address());
        boolean consulByDefault = settings.defaults().discovery() == DiscoverySource.CONSUL;
        if (staticServices.isEmpty() && consulByDefault) {
            return "per-service (" + consulSource + " for every service)";
        }
        return "per-service (static: " + (staticServices.isEmpty() ? "none" : String.join(", ", staticServices))
                + "; " + consulSource
                + (consulByDefault ? " for the others)" : " for services that set discovery = consul)");
    }

    @Override
    public void close() {
        ConsulDiscovery toClose;
        synchronized (lifecycle) {
            closed = true;
            toClose = consul;
        }
        if (toClose != null) {
            toClose.close();
        }
        staticDiscovery.close();
    }
}
