package dev.nala.tools;

import static dev.nala.tools.ParsedYaml.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.tools.generate.GeneratedFile;
import dev.nala.tools.generate.ResourceYaml;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchPrefix;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchRegex;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Canary subsets, rules and split as the generator writes them, read back with the typed models. */
class CanaryResourcesTest {
    private static final String HOST = "payment-service.shop.svc.cluster.local";
    private static final List<String> SAFE_METHODS = List.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    private static final String CANARY = """
            nala.kubernetes.namespace = shop
            nala.services."payment-service" {
              subsets {
                v1.meta.version = v1
                v2 { meta { version = v2, track = canary }, tags = [canary] }
                beta.tags = [beta]
                v3.meta.version = v3
              }
              routing {
                rules = [
                  { header = X-Canary, exact = always, subset = v2 }
                  { header = x-tenant, prefix = "test-", subset = v2 }
                  { header = x-build, regex = "2\\\\.[0-9]+", subset = v1 }
                  { cookie = ab, exact = "b", subset = v2 }
                  { header = x-beta, exact = "yes", subset = beta }
                ]
                split { v1 = 90, v2 = 10, v3 = 0 }
                sticky-header = x-user-id
              }
            }
            """;

    /** rules[4] names subset beta, which has tags only: no label, so neither it nor its rule is written. */
    private static final List<String> RULE_ROUTES = List.of("rule-0-v2", "rule-1-v2", "rule-2-v1", "rule-3-v2");

    private static final String COOKIE_REGEX = "^(.*;\\s*)?ab=b(;.*)?$";

    @TempDir
    Path directory;

    @Test
    void istioSubsetsAreTheMetaAsLabelsAndLeaveOutWhatHasNone() throws IOException {
        GeneratedFile file = generate(CANARY, "istio").get(1);
        DestinationRule rule = only(file, DestinationRule.class);

        assertThat(rule.getSpec().getSubsets()).extracting(Subset::getName).containsExactly("v1", "v2", "v3");
        assertThat(rule.getSpec().getSubsets())
                .extracting(Subset::getLabels)
                .containsExactly(
                        Map.of("version", "v1"), Map.of("version", "v2", "track", "canary"), Map.of("version", "v3"));
        assertThat(rule.getSpec().getTrafficPolicy().getLoadBalancer().getLbPolicy())
                .as("no consistentHash: the sticky header cannot keep a user on a subset in Istio")
                .hasToString(new io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsSimple(
                                io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsSimpleLB.LEAST_REQUEST)
                        .toString());
        assertThat(file.notes().unmapped())
                .extracting(entry -> entry[0])
                .contains(
                        "subsets.v2.tags = [canary]",
                        "subsets.beta.tags = [beta]",
                        "routing.sticky-header = x-user-id");
    }

    @Test
    void istioRulesComeFirstInOrderEachSplitByRetriesAndTheDefaultCarriesTheWeights() throws IOException {
        List<GeneratedFile> files = generate(CANARY, "istio");
        VirtualService virtualService = only(files.get(0), VirtualService.class);
        List<HTTPRoute> routes = virtualService.getSpec().getHttp();

        List<String> names = new ArrayList<>();
        RULE_ROUTES.forEach(rule -> names.addAll(List.of(rule + "-idempotent", rule + "-not-idempotent")));
        names.addAll(List.of("idempotent", "not-idempotent"));
        assertThat(routes).extracting(HTTPRoute::getName).containsExactlyElementsOf(names);

        assertRuleRoutes(routes, 0, "x-canary", new StringMatchExact("always"), "v2");
        assertRuleRoutes(routes, 1, "x-tenant", new StringMatchPrefix("test-"), "v2");
        assertRuleRoutes(routes, 2, "x-build", new StringMatchRegex("2\\.[0-9]+"), "v1");
        assertRuleRoutes(routes, 3, "cookie", new StringMatchRegex(COOKIE_REGEX), "v2");

        for (HTTPRoute defaultRoute : routes.subList(8, 10)) {
            assertThat(defaultRoute.getRoute())
                    .extracting(destination -> destination.getDestination().getSubset())
                    .containsExactly("v1", "v2", "v3");
            assertThat(defaultRoute.getRoute())
                    .extracting(HTTPRouteDestination::getWeight)
                    .containsExactly(90, 10, 0);
            assertThat(defaultRoute.getRoute().stream()
                            .mapToInt(HTTPRouteDestination::getWeight)
                            .sum())
                    .isEqualTo(100);
        }
        assertThat(routes.get(8).getRetries().getRetryOn())
                .isEqualTo(routes.get(0).getRetries().getRetryOn());
        assertThat(routes.get(9).getRetries().getRetryOn()).isEqualTo("connect-failure,refused-stream");

        List<String> defined = only(files.get(1), DestinationRule.class).getSpec().getSubsets().stream()
                .map(Subset::getName)
                .toList();
        assertThat(routes.stream().flatMap(route -> route.getRoute().stream())).allSatisfy(destination -> {
            assertThat(destination.getDestination().getHost()).isEqualTo(HOST);
            assertThat(defined).contains(destination.getDestination().getSubset());
        });
        assertThat(files.get(0).notes().unmapped())
                .extracting(entry -> entry[0])
                .contains("routing.rules[4] (header x-beta exact \"yes\" -> beta)")
                .contains("routing.when-subset-empty = fallback");
    }

    @Test
    void theCookieExpressionTestsTheNamedCookiesWholeValue() {
        Pattern cookie = Pattern.compile(COOKIE_REGEX);

        assertThat(List.of("ab=b", "x=1; ab=b", "ab=b; y=2", "x=1;ab=b;y=2", "x=1; ab=b; y=2"))
                .allMatch(header -> cookie.matcher(header).matches());
        assertThat(List.of("ab=bc", "xab=b", "ab=", "x=ab=b", "x=1; ab=c; y=b", "ab=a; b=b"))
                .noneMatch(header -> cookie.matcher(header).matches());
    }

    @Test
    void oneRetryRouteMeansOneRoutePerRuleAndNoSplitMeansTheWholeService() throws IOException {
        String config = """
                nala.kubernetes.namespace = shop
                nala.services."payment-service" {
                  retry.max-attempts = 1
                  subsets { v1.meta.version = v1, v2.meta.version = v2 }
                  routing {
                    rules = [{ cookie = ab, prefix = "new", subset = v2 }]
                    when-subset-empty = fail
                  }
                }
                """;
        List<GeneratedFile> files = generate(config, "istio");
        List<HTTPRoute> routes =
                only(files.get(0), VirtualService.class).getSpec().getHttp();

        assertThat(routes).extracting(HTTPRoute::getName).containsExactly("rule-0-v2-all-requests", "all-requests");
        assertThat(routes.get(0).getMatch())
                .singleElement()
                .satisfies(match ->
                        assertThat(regex(match.getHeaders().get("cookie"))).isEqualTo("^(.*;\\s*)?ab=new[^;]*(;.*)?$"));
        assertThat(routes.get(1).getRoute()).singleElement().satisfies(destination -> {
            assertThat(destination.getDestination().getSubset()).isNull();
            assertThat(destination.getWeight()).isNull();
        });
        assertThat(files.get(0).notes().mapped())
                .extracting(entry -> entry[0])
                .contains("routing.when-subset-empty = fail", "routing.split not set");
    }

    @Test
    void servicesWhoseSubsetsAreStaticEndpointsGetNoSubsetsAndNoRuleRoutes() throws IOException {
        String config = """
                nala.kubernetes.namespace = shop
                nala.services."payment-service" {
                  discovery = static
                  endpoints = ["10.0.0.7:8080", "10.0.0.8:8080"]
                  subsets { v2.endpoints = ["10.0.0.8:8080"] }
                  routing.rules = [{ header = x-canary, exact = always, subset = v2 }]
                }
                """;
        List<GeneratedFile> files = generate(config, "istio");

        assertThat(only(files.get(0), VirtualService.class).getSpec().getHttp())
                .extracting(HTTPRoute::getName)
                .containsExactly("idempotent", "not-idempotent");
        assertThat(only(files.get(1), DestinationRule.class).getSpec().getSubsets())
                .isNullOrEmpty();
        assertThat(files.get(1).notes().unmapped())
                .extracting(entry -> entry[0])
                .contains("subsets.v2.endpoints = [10.0.0.8:8080]");
    }

    @Test
    void linkerdRoutesRulesAndWeightsToOneServicePerSubset() throws IOException {
        GeneratedFile file = generate(CANARY, "linkerd").get(0);
        List<io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute> routes = ParsedYaml.read(
                ResourceYaml.write(file), io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class);

        assertThat(routes)
                .extracting(route -> route.getMetadata().getName())
                .containsExactly("payment-service-idempotent", "payment-service-not-idempotent");
        for (var route : routes) {
            List<HTTPRouteRule> rules = route.getSpec().getRules();
            assertThat(rules).hasSize(5);
            assertThat(rules.subList(0, 4))
                    .extracting(rule -> rule.getBackendRefs().get(0).getName())
                    .containsExactly(
                            "payment-service-v2", "payment-service-v2", "payment-service-v1", "payment-service-v2");
            assertThat(rules.subList(0, 4))
                    .allSatisfy(rule -> assertThat(rule.getBackendRefs())
                            .singleElement()
                            .satisfies(backend -> {
                                assertThat(backend.getWeight()).isNull();
                                assertThat(backend.getPort()).isEqualTo(80);
                            }));
            assertThat(conditions(rules.get(0)))
                    .allSatisfy(header -> assertHeader(header, "x-canary", "Exact", "always"));
            assertThat(conditions(rules.get(1)))
                    .allSatisfy(header -> assertHeader(header, "x-tenant", "RegularExpression", "^test-.*"));
            assertThat(conditions(rules.get(2)))
                    .allSatisfy(header -> assertHeader(header, "x-build", "RegularExpression", "2\\.[0-9]+"));
            assertThat(conditions(rules.get(3)))
                    .allSatisfy(header -> assertHeader(header, "cookie", "RegularExpression", COOKIE_REGEX));

            HTTPRouteRule defaultRule = rules.get(4);
            assertThat(defaultRule.getBackendRefs())
                    .extracting(HTTPBackendRef::getName)
                    .containsExactly("payment-service-v1", "payment-service-v2", "payment-service-v3");
            assertThat(defaultRule.getBackendRefs())
                    .extracting(HTTPBackendRef::getWeight)
                    .containsExactly(90, 10, 0);
        }
        List<HTTPRouteMatch> safe = routes.get(0).getSpec().getRules().get(0).getMatches();
        assertThat(safe)
                .extracting(HTTPRouteMatch::getMethod)
                .containsExactly("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", null);
        assertThat(safe.get(6).getHeaders())
                .extracting(HTTPHeaderMatch::getName)
                .containsExactly("x-canary", "idempotency-key");
        assertThat(routes.get(1).getSpec().getRules().get(0).getMatches())
                .singleElement()
                .satisfies(match -> assertThat(match.getMethod()).isNull());
        assertThat(routes.get(1).getSpec().getRules().get(4).getMatches()).isNullOrEmpty();
        assertThat(file.notes().mapped())
                .extracting(entry -> entry[0])
                .contains("subsets.v1", "subsets.v2", "subsets.v3");
        assertThat(file.notes().unmapped())
                .extracting(entry -> entry[0])
                .contains("subsets.beta.tags = [beta]", "routing.sticky-header = x-user-id");
    }

    private static void assertRuleRoutes(
            List<HTTPRoute> routes, int rule, String header, Object condition, String subset) {
        HTTPRoute safe = routes.get(2 * rule);
        HTTPRoute other = routes.get(2 * rule + 1);
        assertThat(safe.getMatch()).hasSize(SAFE_METHODS.size() + 1);
        for (int i = 0; i < SAFE_METHODS.size(); i++) {
            HTTPMatchRequest match = safe.getMatch().get(i);
            assertThat(((StringMatchExact) match.getMethod().getMatchType()).getExact())
                    .isEqualTo(SAFE_METHODS.get(i));
            assertThat(match.getHeaders()).containsOnlyKeys(header);
            assertThat(match.getHeaders().get(header).getMatchType()).isEqualTo(condition);
        }
        HTTPMatchRequest keyMatch = safe.getMatch().get(SAFE_METHODS.size());
        assertThat(keyMatch.getMethod()).isNull();
        assertThat(keyMatch.getHeaders()).containsOnlyKeys(header, "idempotency-key");
        assertThat(other.getMatch()).singleElement().satisfies(match -> {
            assertThat(match.getMethod()).isNull();
            assertThat(match.getHeaders()).containsOnlyKeys(header);
            assertThat(match.getHeaders().get(header).getMatchType()).isEqualTo(condition);
        });
        for (HTTPRoute route : List.of(safe, other)) {
            assertThat(route.getRoute()).singleElement().satisfies(destination -> {
                assertThat(destination.getDestination().getSubset()).isEqualTo(subset);
                assertThat(destination.getWeight()).isNull();
            });
        }
    }

    private static List<HTTPHeaderMatch> conditions(HTTPRouteRule rule) {
        return rule.getMatches().stream()
                .map(match -> match.getHeaders().get(0))
                .toList();
    }

    private static void assertHeader(HTTPHeaderMatch header, String name, String type, String value) {
        assertThat(header.getName()).isEqualTo(name);
        assertThat(header.getType()).isEqualTo(type);
        assertThat(header.getValue()).isEqualTo(value);
    }

    private static String regex(StringMatch match) {
        return ((StringMatchRegex) match.getMatchType()).getRegex();
    }

    private List<GeneratedFile> generate(String config, String mesh) throws IOException {
        return ConfigGeneration.generate(directory, config, mesh);
    }
}
