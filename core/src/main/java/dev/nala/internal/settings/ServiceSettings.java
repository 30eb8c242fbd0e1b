package dev.nala.internal.settings;

import dev.nala.internal.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything Nala knows about calling one service: its block under
 * {@code nala.services."<name>"} over {@code nala.defaults}.
 *
 * @param configPath where these settings live, e.g. {@code nala.services."payment-service"}
 * @param port the port to call (the Kubernetes Service port in mesh mode)
 * @param discovery where standalone mode finds the service's instances
 * @param endpoints the instances, for {@link DiscoverySource#STATIC}
 * @param callTimeout bounds the whole call, every attempt and backoff included
 * @param perTryTimeout bounds one attempt, if set
 * @param loadBalancer how standalone mode picks an instance
 * @param concurrencyLimit how many attempts standalone mode lets be in flight to the service at once
 */
public record ServiceSettings(
        String configPath,
        int port,
        DiscoverySource discovery,
        List<Endpoint> endpoints,
        Duration callTimeout,
        Optional<Duration> perTryTimeout,
        LoadBalancer loadBalancer,
        RetrySettings retry,
        OutlierDetectionSettings outlierDetection,
        CircuitBreakerSettings circuitBreaker,
        ConcurrencyLimitSettings concurrencyLimit,
        TlsSettings tls) {

    /** Where standalone mode finds a service's instances. */
    public enum DiscoverySource {
        CONSUL,
        STATIC
    }

    /** How standalone mode picks an instance. */
    public enum LoadBalancer {
        /**
         * Power of two random choices, the one with the lower recent latency (peak EWMA) times
         * requests in flight wins: a slow instance gets almost no traffic while it is slow.
         */
        PEAK_EWMA,
        /** Power of two random choices, the one with fewer requests in flight wins. */
        LEAST_OUTSTANDING,
        /** Each instance in turn. */
        ROUND_ROBIN
    }

    /**
     * @param ownBlock a service's own block, rather than {@code nala.defaults}: only a service
     *     must list its endpoints when it is static ({@code defaults.discovery = static} lets each
     *     service block list its own)
     */
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
                service.optionalDuration("per-try-timeout", Duration.ofMillis(1), Duration.ofHours(24)),
                service.choice("load-balancer", LoadBalancer.class),
                RetrySettings.read(service.at("retry")),
                OutlierDetectionSettings.read(service.at("outlier-detection")),
                CircuitBreakerSettings.read(service.at("circuit-breaker")),
                ConcurrencyLimitSettings.read(service.at("concurrency-limit")),
                TlsSettings.read(service.at("tls")));
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
