package dev.nala.internal.settings;

import dev.nala.internal.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One service's block under {@code nala.services."<name>"} over {@code nala.defaults}.
 *
 * @param port the Kubernetes Service port in mesh mode
 * @param sidecarDeadline mesh mode hands the sidecar the call's deadline (x-envoy-upstream-rq-timeout-ms)
 * @param endpoints for {@link DiscoverySource#STATIC}
 */
public record ServiceSettings(
        String configPath,
        int port,
        DiscoverySource discovery,
        List<Endpoint> endpoints,
        Duration callTimeout,
        boolean sidecarDeadline,
        Optional<Duration> perTryTimeout,
        LoadBalancer loadBalancer,
        RetrySettings retry,
        OutlierDetectionSettings outlierDetection,
        CircuitBreakerSettings circuitBreaker,
        ConcurrencyLimitSettings concurrencyLimit,
        TlsSettings tls,
        RoutingSettings routing) {

    public enum DiscoverySource {
        CONSUL,
        STATIC
    }

    public enum LoadBalancer {
        /** Power of two choices weighted by peak-EWMA latency times requests in flight. */
        PEAK_EWMA,
        LEAST_OUTSTANDING,
        ROUND_ROBIN
    }

    /** @param ownBlock only a service's own block must list its endpoints when static */
    static ServiceSettings read(SettingsReader service, boolean ownBlock) {
        DiscoverySource discovery = service.choice("discovery", DiscoverySource.class);
        List<Endpoint> endpoints = endpoints(service);
        if (ownBlock && service.clean() && discovery == DiscoverySource.STATIC && endpoints.isEmpty()) {
            throw service.invalid(
                    "discovery",
                    service.path("endpoints") + " is empty; list the instances" + " as [\"host:port\", ...]");
        }
        if (service.clean() && discovery == DiscoverySource.CONSUL && !endpoints.isEmpty()) {
            throw service.invalid(
                    "endpoints",
                    "the endpoints are not used: " + service.path("discovery")
                            + " is consul (" + service.origin("discovery") + "), so the instances come from Consul;"
                            + " add discovery = static to call the listed endpoints, or remove endpoints");
        }
        return new ServiceSettings(
                service.prefix(),
                service.intBetween("port", 1, 65535),
                discovery,
                endpoints,
                service.duration("call-timeout", Duration.ofMillis(1), Duration.ofHours(24)),
                service.bool("sidecar-deadline"),
                service.optionalDuration("per-try-timeout", Duration.ofMillis(1), Duration.ofHours(24)),
                service.choice("load-balancer", LoadBalancer.class),
                RetrySettings.read(service.at("retry")),
                OutlierDetectionSettings.read(service.at("outlier-detection")),
                CircuitBreakerSettings.read(service.at("circuit-breaker")),
                ConcurrencyLimitSettings.read(service.at("concurrency-limit")),
                TlsSettings.read(service.at("tls")),
                routing(service, ownBlock, discovery, endpoints));
    }

    /** Subsets name a service's own instances, so only a service's own block may define them. */
    private static RoutingSettings routing(
            SettingsReader service, boolean ownBlock, DiscoverySource discovery, List<Endpoint> endpoints) {
        if (ownBlock) {
            return RoutingSettings.read(service, discovery, endpoints);
        }
        String ownBlockOnly = "subsets and the routing to them belong to one service: set them in its block under"
                + " nala.services, not in nala.defaults";
        if (!service.namesUnder("subsets").isEmpty()) {
            service.report("subsets", ownBlockOnly);
        }
        SettingsReader routing = service.at("routing");
        if (!routing.objectList("rules").isEmpty()
                || !routing.namesUnder("split").isEmpty()) {
            service.report("routing", ownBlockOnly);
        }
        // Every service inherits these two, so a bad value here is an error even before a service uses it.
        RoutingSettings.stickyHeader(routing);
        routing.choice("when-subset-empty", RoutingSettings.WhenSubsetEmpty.class);
        return RoutingSettings.none();
    }

    private static List<Endpoint> endpoints(SettingsReader service) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String entry : service.stringList("endpoints")) {
            try {
                endpoints.add(Endpoint.parse(entry));
            } catch (IllegalArgumentException e) {
                service.report("endpoints", e.getMessage());
                return List.of();
            }
        }
        return List.copyOf(endpoints);
    }
}
