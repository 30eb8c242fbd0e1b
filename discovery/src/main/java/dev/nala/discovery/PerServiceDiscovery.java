package dev.nala.discovery;

import dev.nala.ServiceDiscoveryException;
import dev.nala.settings.NalaSettings;
import dev.nala.settings.ServiceSettings.DiscoverySource;
import dev.nala.spi.Endpoint;
import dev.nala.spi.ServiceName;
import java.util.List;

/**
 * Standalone mode's discovery: asks, for each service, the source its settings name
 * ({@code nala.services."<name>".discovery}, default {@code consul}).
 */
public final class PerServiceDiscovery implements ServiceDiscovery {
    private final NalaSettings settings;
    private final StaticDiscovery staticDiscovery;

    private PerServiceDiscovery(NalaSettings settings) {
        this.settings = settings;
        this.staticDiscovery = StaticDiscovery.from(settings);
    }

    /** Discovery for every service in the settings. Starts no background work by itself. */
    public static PerServiceDiscovery create(NalaSettings settings) {
        return new PerServiceDiscovery(settings);
    }

    @Override
    public List<Endpoint> endpoints(ServiceName service) throws ServiceDiscoveryException {
        if (settings.service(service).discovery() == DiscoverySource.STATIC) {
            return staticDiscovery.endpoints(service);
        }
        throw new ServiceDiscoveryException(service.value(), "Service \"" + service
                + "\" uses discovery = consul, which this build of Nala does not support yet;"
                + " list its instances with nala.services.\"" + service
                + "\" { discovery = static, endpoints = [\"host:port\", ...] }");
    }

    @Override
    public String describe() {
        return "per-service (static)";
    }

    @Override
    public void close() {
        staticDiscovery.close();
    }
}
