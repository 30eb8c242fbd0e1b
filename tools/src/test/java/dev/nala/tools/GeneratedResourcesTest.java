package dev.nala.tools;

import static dev.nala.tools.ParsedYaml.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.tools.generate.GeneratedFile;
import dev.nala.tools.generate.ResourceYaml;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.OutlierDetection;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicy;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's output for several settings, read back with the typed models and checked field by field. */
class GeneratedResourcesTest {
    private static final String HOST = "payment-service.shop.svc.cluster.local";
    private static final List<String> SAFE_METHODS = List.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    /** The demo (examples' Demo) sets these for payment-service in code; here as the file would say them. */
    private static final String DEMO = """
            nala.kubernetes.namespace = shop
            nala.services."payment-service" {
              outlier-detection.consecutive-failures = 3
              load-balancer = round-robin
            }
            """;

    @TempDir
    Path directory;

    @Test
    void demoSettingsIstio() throws IOException {
        List<GeneratedFile> files = generate(DEMO, "istio");
        assertThat(files)
                .extracting(GeneratedFile::fileName)
                .containsExactly("payment-service-virtual-service.yaml", "payment-service-destination-rule.yaml");

        VirtualService virtualService = only(files.get(0), VirtualService.class);
        assertThat(virtualService.getApiVersion()).isEqualTo("networking.istio.io/v1");
        assertThat(virtualService.getMetadata().getName()).isEqualTo("payment-service");
        assertThat(virtualService.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(virtualService.getSpec().getHosts()).containsExactly(HOST);
        List<HTTPRoute> routes = virtualService.getSpec().getHttp();
        assertThat(routes).extracting(HTTPRoute::getName).containsExactly("idempotent", "not-idempotent");

        HTTPRoute safe = routes.get(0);
        assertThat(methods(safe.getMatch())).containsExactlyElementsOf(SAFE_METHODS);
        HTTPMatchRequest keyMatch = safe.getMatch().get(SAFE_METHODS.size());
        assertThat(keyMatch.getMethod()).isNull();
        assertThat(keyMatch.getHeaders()).containsOnlyKeys("idempotency-key");
        assertThat(keyMatch.getHeaders().get("idempotency-key").getMatchType()).isNull();
        assertThat(safe.getTimeout()).isEqualTo("10s");
        assertThat(safe.getRetries().getAttempts()).isEqualTo(2);
        assertThat(safe.getRetries().getPerTryTimeout()).isNull();
        assertThat(safe.getRetries().getRetryOn())
                .isEqualTo("connect-failure,refused-stream,reset,429,500,502,503,504");
        assertThat(safe.getRoute()).singleElement().satisfies(destination -> {
            assertThat(destination.getDestination().getHost()).isEqualTo(HOST);
            assertThat(destination.getDestination().getPort().getNumber()).isEqualTo(80L);
        });

        HTTPRoute other = routes.get(1);
        assertThat(other.getMatch()).isNullOrEmpty();
        assertThat(other.getTimeout()).isEqualTo("10s");
        assertThat(other.getRetries().getAttempts()).isEqualTo(2);
        assertThat(other.getRetries().getRetryOn()).isEqualTo("connect-failure,refused-stream");

        DestinationRule rule = only(files.get(1), DestinationRule.class);
        assertThat(rule.getSpec().getHost()).isEqualTo(HOST);
        TrafficPolicy policy = rule.getSpec().getTrafficPolicy();
        assertThat(policy.getTls().getMode().name()).isEqualTo("ISTIO_MUTUAL");
        assertThat(policy.getLoadBalancer().getLbPolicy())
                .hasToString(new io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsSimple(
                                io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsSimpleLB.ROUND_ROBIN)
                        .toString());
        assertThat(policy.getConnectionPool()).isNull();
        OutlierDetection outliers = policy.getOutlierDetection();
        assertThat(outliers.getConsecutive5xxErrors()).isEqualTo(3);
        assertThat(outliers.getBaseEjectionTime()).isEqualTo("30s");
        assertThat(outliers.getInterval()).isEqualTo("10s");
        assertThat(outliers.getMaxEjectionPercent()).isEqualTo(50);
        assertThat(files.get(1).notes().unmapped())
                .extracting(entry -> entry[0])
                .anySatisfy(setting -> assertThat(setting).startsWith("circuit-breaker"))
                .anySatisfy(setting -> assertThat(setting).isEqualTo("outlier-detection.failure-rate"));
    }

    @Test
    void demoSettingsLinkerd() throws IOException {
        List<GeneratedFile> files = generate(DEMO, "linkerd");
        assertThat(files).extracting(GeneratedFile::fileName).containsExactly("payment-service-http-routes.yaml");
        List<io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute> routes = ParsedYaml.read(
                ResourceYaml.write(files.get(0)), io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class);
        assertThat(routes).hasSize(2);

        var safe = routes.get(0);
        assertThat(safe.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
        assertThat(safe.getMetadata().getName()).isEqualTo("payment-service-idempotent");
        assertThat(safe.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(safe.getMetadata().getAnnotations())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "retry.linkerd.io/http", "429,500,502,503,504",
                        "retry.linkerd.io/limit", "2",
                        "timeout.linkerd.io/request", "10s"));
        assertThat(safe.getSpec().getParentRefs()).singleElement().satisfies(parent -> {
            assertThat(parent.getGroup()).isEqualTo("core");
            assertThat(parent.getKind()).isEqualTo("Service");
            assertThat(parent.getName()).isEqualTo("payment-service");
            assertThat(parent.getPort()).isEqualTo(80);
        });
        HTTPRouteRule rule = safe.getSpec().getRules().get(0);
        assertThat(rule.getMatches())
                .extracting(HTTPRouteMatch::getMethod)
                .containsExactly("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", null);
        assertThat(rule.getMatches().get(6).getHeaders()).singleElement().satisfies(header -> {
            assertThat(header.getName()).isEqualTo("idempotency-key");
            assertThat(header.getType()).isEqualTo("RegularExpression");
            assertThat(header.getValue()).isEqualTo(".*");
        });
        assertThat(rule.getBackendRefs()).singleElement().satisfies(backend -> {
            assertThat(backend.getName()).isEqualTo("payment-service");
            assertThat(backend.getPort()).isEqualTo(80);
        });

        var other = routes.get(1);
        assertThat(other.getMetadata().getName()).isEqualTo("payment-service-not-idempotent");
        assertThat(other.getMetadata().getAnnotations())
                .containsExactlyEntriesOf(Map.of("timeout.linkerd.io/request", "10s"));
        assertThat(other.getSpec().getRules().get(0).getMatches()).isNullOrEmpty();
    }

    @Test
    void oneAttemptMeansNoRetries() throws IOException {
        String config = "nala.kubernetes.namespace = shop\nnala.services.\"payment-service\".retry.max-attempts = 1\n";

        VirtualService virtualService = only(generate(config, "istio").get(0), VirtualService.class);
        assertThat(virtualService.getSpec().getHttp()).singleElement().satisfies(route -> {
            assertThat(route.getName()).isEqualTo("all-requests");
            assertThat(route.getMatch()).isNullOrEmpty();
            assertThat(route.getRetries().getAttempts()).isZero();
            assertThat(route.getRetries().getRetryOn()).isNull();
            assertThat(route.getRetries().getPerTryTimeout()).isNull();
        });

        var routes = ParsedYaml.read(
                ResourceYaml.write(generate(config, "linkerd").get(0)),
                io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class);
        assertThat(routes).singleElement().satisfies(route -> {
            assertThat(route.getMetadata().getName()).isEqualTo("payment-service");
            assertThat(route.getMetadata().getAnnotations())
                    .containsExactlyEntriesOf(Map.of("timeout.linkerd.io/request", "10s"));
        });
    }

    @Test
    void nonIdempotentRetriesEveryMethodOnOneRoute() throws IOException {
        String config = """
                nala.kubernetes.namespace = shop
                nala.services."payment-service" { retry.non-idempotent = true, per-try-timeout = 1500ms }
                """;

        VirtualService virtualService = only(generate(config, "istio").get(0), VirtualService.class);
        assertThat(virtualService.getSpec().getHttp()).singleElement().satisfies(route -> {
            assertThat(route.getName()).isEqualTo("all-requests");
            assertThat(route.getMatch()).isNullOrEmpty();
            assertThat(route.getRetries().getAttempts()).isEqualTo(2);
            assertThat(route.getRetries().getPerTryTimeout()).isEqualTo("1.5s");
            assertThat(route.getRetries().getRetryOn())
                    .isEqualTo("connect-failure,refused-stream,reset,429,500,502,503,504");
        });

        var routes = ParsedYaml.read(
                ResourceYaml.write(generate(config, "linkerd").get(0)),
                io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class);
        assertThat(routes).singleElement().satisfies(route -> {
            assertThat(route.getMetadata().getName()).isEqualTo("payment-service");
            assertThat(route.getSpec().getRules().get(0).getMatches()).isNullOrEmpty();
            assertThat(route.getMetadata().getAnnotations())
                    .containsEntry("retry.linkerd.io/timeout", "1500ms")
                    .containsEntry("retry.linkerd.io/limit", "2");
        });
    }

    @Test
    void customStatusesOnlyAndAnotherNamespacePortAndTimeouts() throws IOException {
        String config = """
                nala.kubernetes { namespace = billing, cluster-domain = corp.local }
                nala.services."ledger" {
                  port = 8080
                  call-timeout = 250ms
                  per-try-timeout = 100ms
                  retry { max-attempts = 4, on-status = [503, 409] }
                }
                """;

        VirtualService virtualService = only(generate(config, "istio").get(0), VirtualService.class);
        assertThat(virtualService.getSpec().getHosts()).containsExactly("ledger.billing.svc.corp.local");
        HTTPRoute safe = virtualService.getSpec().getHttp().get(0);
        assertThat(safe.getRetries().getRetryOn()).isEqualTo("connect-failure,refused-stream,reset,409,503");
        assertThat(safe.getRetries().getAttempts()).isEqualTo(3);
        assertThat(safe.getRetries().getPerTryTimeout()).isEqualTo("0.1s");
        assertThat(safe.getTimeout()).isEqualTo("0.25s");
        assertThat(safe.getRoute().get(0).getDestination().getPort().getNumber())
                .isEqualTo(8080L);

        var routes = ParsedYaml.read(
                ResourceYaml.write(generate(config, "linkerd").get(0)),
                io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class);
        assertThat(routes.get(0).getMetadata().getAnnotations())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "retry.linkerd.io/http", "409,503",
                        "retry.linkerd.io/limit", "3",
                        "retry.linkerd.io/timeout", "100ms",
                        "timeout.linkerd.io/request", "250ms"));
        assertThat(routes.get(0).getSpec().getParentRefs().get(0).getPort()).isEqualTo(8080);
    }

    @Test
    void ejectionAsLowAsStandaloneAllowsAndShortEjectionsSweepSooner() throws IOException {
        String config = """
                nala.kubernetes.namespace = shop
                nala.services."payment-service".outlier-detection {
                  consecutive-failures = 10000
                  max-ejection-percent = 0
                  ejection-time = 2s
                  failure-rate.enabled = false
                }
                nala.services."payment-service".circuit-breaker.enabled = false
                """;

        GeneratedFile file = generate(config, "istio").get(1);
        OutlierDetection outliers =
                only(file, DestinationRule.class).getSpec().getTrafficPolicy().getOutlierDetection();
        assertThat(outliers.getConsecutive5xxErrors()).isEqualTo(10000);
        assertThat(outliers.getMaxEjectionPercent()).isZero();
        assertThat(outliers.getBaseEjectionTime()).isEqualTo("2s");
        assertThat(outliers.getInterval()).isEqualTo("2s");
        assertThat(file.notes().unmapped())
                .extracting(entry -> entry[0])
                .noneSatisfy(setting -> assertThat(setting).startsWith("circuit-breaker"))
                .doesNotContain("outlier-detection.failure-rate");
    }

    @Test
    void aConcurrencyLimitThatFailsAtOnceQueuesTheLeastEnvoyAllows() throws IOException {
        String config = """
                nala.kubernetes.namespace = shop
                nala.services."payment-service".concurrency-limit { enabled = true, max = 40, when-exceeded = fail }
                """;

        var pool = only(generate(config, "istio").get(1), DestinationRule.class)
                .getSpec()
                .getTrafficPolicy()
                .getConnectionPool();
        assertThat(pool.getHttp().getHttp2MaxRequests()).isEqualTo(40);
        assertThat(pool.getHttp().getHttp1MaxPendingRequests()).isEqualTo(1);
        assertThat(pool.getTcp()).isNull();
    }

    @Test
    void servicesNamedOnTheCommandLineGetTheDefaults() throws IOException {
        String config = "nala.defaults.retry.max-attempts = 2\nnala.kubernetes.namespace = shop\n";

        List<GeneratedFile> files = generate(config, "istio", "--service", "inventory");

        VirtualService virtualService = only(files.get(0), VirtualService.class);
        assertThat(virtualService.getSpec().getHosts()).containsExactly("inventory.shop.svc.cluster.local");
        assertThat(virtualService.getSpec().getHttp().get(0).getRetries().getAttempts())
                .isEqualTo(1);
        assertThat(files.get(0).notes().lines())
                .anySatisfy(line -> assertThat(line).contains("from nala.defaults"));
    }

    @Test
    void theNamespaceOptionWinsOverTheConfiguredOne() throws IOException {
        List<GeneratedFile> files = generate(DEMO, "istio", "--namespace", "staging");

        assertThat(only(files.get(0), VirtualService.class).getSpec().getHosts())
                .containsExactly("payment-service.staging.svc.cluster.local");
    }

    private List<GeneratedFile> generate(String config, String mesh, String... more) throws IOException {
        return ConfigGeneration.generate(directory, config, mesh, more);
    }

    private static List<String> methods(List<HTTPMatchRequest> match) {
        return match.stream()
                .filter(entry -> entry.getMethod() != null)
                .map(entry -> ((StringMatchExact) entry.getMethod().getMatchType()).getExact())
                .toList();
    }
}
