package dev.nala.discovery;

import dev.nala.ServiceDiscoveryException;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.internal.settings.ServiceSettings.DiscoverySource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Instances listed in configuration: {@code nala.services."<name>".endpoints}, for services with
 * {@code discovery = static}. For local development and tests.
 */
public final class StaticDiscovery implements ServiceDiscovery {
    private final Map<ServiceName, List<Endpoint>> endpoints;

    private StaticDiscovery(Map<ServiceName, List<Endpoint>> endpoints) {
        this.endpoints = Map.copyOf(endpoints);
    }

    /** Already validated by {@link NalaSettings#load}. */
    public static StaticDiscovery from(NalaSettings settings) {
        Map<ServiceName, List<Endpoint>> endpoints = new HashMap<>();
        for (Map.Entry<ServiceName, ServiceSettings> service :
                settings.configuredServices().entrySet()) {
            if (service.getValue().discovery() == DiscoverySource.STATIC) {
                endpoints.put(service.getKey(), service.getValue().endpoints());
            }
        }
        return new StaticDiscovery(endpoints);
    }

    @Override
    public List<Endpoint> endpoints(ServiceName service) throws ServiceDiscoveryException {
        List<Endpoint> found = endpoints.get(service);
        if (found == null) {
            throw new ServiceDiscoveryException(
                    service.value(),
                    "Service \"" + service
                            + "\" has no static endpoints; set nala.services.\"" + service
                            + "\" { discovery = static, endpoints = [\"host:port\", ...] }");
        }
        return found;
    }

    @Override
    public String describe() {
        return "static";
    }

    @Override
    public void close() {}
}
