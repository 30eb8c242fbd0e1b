package dev.nala.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigFactory;
import dev.nala.Environment;
import dev.nala.NalaConfigurationException;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.RoutingSettings.WhenSubsetEmpty;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Subsets and routing rules: what is read, and every contradiction named with its key. */
class RoutingSettingsTest {
    private static final ServiceName CATALOG = ServiceName.of("catalog");

    private static RoutingSettings routing(String serviceBlock) {
        return settings(serviceBlock).service(CATALOG).routing();
    }

    private static NalaSettings settings(String serviceBlock) {
        return NalaSettings.load(
                ConfigFactory.parseString("nala.services.catalog {" + serviceBlock + "}")
                        .withFallback(ConfigFactory.defaultReference())
                        .resolve(),
                Environment.of(Map.of()));
    }

    private static String failure(String serviceBlock) {
        NalaConfigurationException error =
                catchThrowableOfType(NalaConfigurationException.class, () -> settings(serviceBlock));
        assertThat(error).as("an error for " + serviceBlock).isNotNull();
        return error.getMessage();
    }

    @Test
    void aServiceWithoutSubsetsRoutesNothing() {
        RoutingSettings routing = routing("discovery = consul");

        assertThat(routing.enabled()).isFalse();
        assertThat(routing.rules()).isEmpty();
        assertThat(routing.split()).isEmpty();
    }

    @Test
    void consulSubsetsRulesAndASplitAreReadInOrder() {
        RoutingSettings routing = routing("""
                subsets {
                  v1 { tags = ["v1"] }
                  v2 { meta { version = "v2" }, tags = ["canary", "eu"] }
                }
                routing {
                  rules = [
                    { header = "x-canary", exact = "always", subset = v2 }
                    { cookie = "beta", prefix = "yes", subset = v2 }
                    { header = "user-agent", regex = ".*Android.*", subset = v1 }
                  ]
                  split { v1 = 90, v2 = 10 }
                  sticky-header = "x-user-id"
                  when-subset-empty = fail
                }
                """);

        assertThat(routing.enabled()).isTrue();
        assertThat(routing.subsets().get("v1").tags()).containsExactly("v1");
        assertThat(routing.subsets().get("v2").meta()).containsExactly(Map.entry("version", "v2"));
        assertThat(routing.subsets().get("v2").tags()).containsExactlyInAnyOrder("canary", "eu");
        assertThat(routing.rules())
                .extracting(RouteRule::source, RouteRule::name, RouteRule::match, RouteRule::value, RouteRule::subset)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                RouteRule.Source.HEADER, "x-canary", RouteRule.Match.EXACT, "always", "v2"),
                        org.assertj.core.groups.Tuple.tuple(
                                RouteRule.Source.COOKIE, "beta", RouteRule.Match.PREFIX, "yes", "v2"),
                        org.assertj.core.groups.Tuple.tuple(
                                RouteRule.Source.HEADER, "user-agent", RouteRule.Match.REGEX, ".*Android.*", "v1"));
        assertThat(routing.split()).containsExactly(Map.entry("v1", 90), Map.entry("v2", 10));
        assertThat(routing.stickyHeader()).contains("x-user-id");
        assertThat(routing.whenSubsetEmpty()).isEqualTo(WhenSubsetEmpty.FAIL);
    }

    @Test
    void rulesMatchTheWholeValueAsWritten() {
        RoutingSettings routing = routing("""
                subsets { v2 { tags = ["v2"] } }
                routing.rules = [
                  { header = "a", exact = "on", subset = v2 }
                  { header = "b", prefix = "beta-", subset = v2 }
                  { header = "c", regex = "[0-9]+", subset = v2 }
                ]
                """);
        RouteRule exact = routing.rules().get(0);
        RouteRule prefix = routing.rules().get(1);
        RouteRule regex = routing.rules().get(2);

        assertThat(exact.matches("on")).isTrue();
        assertThat(exact.matches("on ")).isFalse();
        assertThat(exact.matches(null)).isFalse();
        assertThat(prefix.matches("beta-7")).isTrue();
        assertThat(prefix.matches("alpha-beta-7")).isFalse();
        assertThat(regex.matches("123")).isTrue();
        assertThat(regex.matches("123a")).as("the whole value must match").isFalse();
    }

    @Test
    void consulSubsetsMatchInstancesByAllTagsAndAllMeta() {
        SubsetSettings v2 = routing("subsets.v2 { tags = [\"v2\", \"eu\"], meta { track = \"canary\" } }")
                .subsets()
                .get("v2");

        assertThat(v2.matches(Set.of("v2", "eu", "x"), Map.of("track", "canary")))
                .isTrue();
        assertThat(v2.matches(Set.of("v2"), Map.of("track", "canary"))).isFalse();
        assertThat(v2.matches(Set.of("v2", "eu"), Map.of("track", "stable"))).isFalse();
        assertThat(v2.matches(Set.of("v2", "eu"), Map.of())).isFalse();
    }

    @Test
    void staticSubsetsNameSomeOfTheServicesEndpoints() {
        RoutingSettings routing = routing("""
                discovery = static
                endpoints = ["127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083"]
                subsets { v1 { endpoints = ["127.0.0.1:8081", "127.0.0.1:8082"] }, v2 { endpoints = ["127.0.0.1:8083"] } }
                routing.split { v1 = 95, v2 = 5 }
                """);

        assertThat(routing.subsets().get("v1").endpoints())
                .containsExactly(Endpoint.of("127.0.0.1", 8081), Endpoint.of("127.0.0.1", 8082));
        assertThat(routing.subsets().get("v2").endpoints()).containsExactly(Endpoint.of("127.0.0.1", 8083));
    }

    @Test
    void aStaticSubsetEndpointOutsideTheServiceIsNamed() {
        assertThat(failure("""
                        discovery = static
                        endpoints = ["127.0.0.1:8081"]
                        subsets.v2.endpoints = ["127.0.0.1:9999"]
                        """))
                .contains("nala.services.\"catalog\".subsets.\"v2\".endpoints")
                .contains("127.0.0.1:9999 is not one of the service's endpoints");
    }

    @Test
    void subsetsMustSelectInstancesTheWayTheDiscoveryFindsThem() {
        assertThat(failure("subsets.v2.endpoints = [\"127.0.0.1:8081\"]"))
                .contains("with discovery = consul a subset selects instances by tags or meta");
        assertThat(failure("subsets.v2 {}")).contains("with discovery = consul a subset needs tags = [...] or meta");
        assertThat(failure("""
                        discovery = static
                        endpoints = ["127.0.0.1:8081"]
                        subsets.v2.tags = ["v2"]
                        """)).contains("with discovery = static list the subset's endpoints");
    }

    @Test
    void aTypoInsideASubsetOrARuleIsNamed() {
        assertThat(failure("subsets.v2 { tag = [\"v2\"] }"))
                .contains("nala.services.\"catalog\".subsets.\"v2\".tag = [\"v2\"]")
                .doesNotContain("needs tags")
                .contains("not a subset setting; a subset has");
        assertThat(failure("subsets.v2.tags = [v2]\nrouting.rules = [{ header = x, exact = y, subst = v2 }]"))
                .contains("nala.services.\"catalog\".routing.rules[0].subst")
                .contains("not a rule setting");
    }

    @Test
    void rulesNeedOneSourceOneMatchAndAKnownSubset() {
        String subsets = "subsets.v2.tags = [v2]\n";
        assertThat(failure(subsets + "routing.rules = [{ header = x, cookie = y, exact = z, subset = v2 }]"))
                .contains("exactly one of header");
        assertThat(failure(subsets + "routing.rules = [{ header = x, exact = z, prefix = q, subset = v2 }]"))
                .contains("exactly one of exact, prefix or regex");
        assertThat(failure(subsets + "routing.rules = [{ header = x, regex = \"(\", subset = v2 }]"))
                .contains("routing.rules[0].regex")
                .contains("not a regular expression");
        assertThat(failure(subsets + "routing.rules = [{ header = x, exact = z, subset = v3 }]"))
                .contains("routing.rules[0].subset = \"v3\"")
                .contains("no such subset; the subsets are [v2]");
    }

    @Test
    void splitWeightsNameSubsetsAndAddUpToAHundred() {
        String subsets = "subsets { v1.tags = [v1], v2.tags = [v2] }\n";
        assertThat(failure(subsets + "routing.split { v1 = 90, v2 = 20 }"))
                .contains("the weights add up to 110; they must add up to 100");
        assertThat(failure(subsets + "routing.split { v1 = 90, v3 = 10 }")).contains("no such subset");
        assertThat(failure(subsets + "routing.split { v1 = 101, v2 = -1 }")).contains("between 0 and 100");
        assertThat(routing(subsets + "routing.split { v1 = 100, v2 = 0 }").split())
                .as("weight 0: deployed, no traffic yet")
                .containsEntry("v2", 0);
    }

    @Test
    void routingWithoutSubsetsAndAStickyHeaderWithoutASplitAreContradictions() {
        assertThat(failure("routing.split { v1 = 100 }")).contains("no such subset");
        assertThat(failure("subsets.v2.tags = [v2]\nrouting.sticky-header = x-user-id"))
                .contains("only the split uses it");
        assertThat(failure("subsets.v2.tags = [v2]\nrouting.when-subset-empty = wait"))
                .contains("valid values are fallback, fail");
    }

    @Test
    void subsetNamesAreDnsLabelsAsTheMeshNeedsThem() {
        assertThat(failure("subsets.V2_beta.tags = [v2]")).contains("is not a lower-case DNS label");
    }

    @Test
    void subsetsBelongInAServicesOwnBlock() {
        NalaConfigurationException error = catchThrowableOfType(
                NalaConfigurationException.class,
                () -> NalaSettings.load(
                        ConfigFactory.parseString("nala.defaults.subsets.v2.tags = [v2]")
                                .withFallback(ConfigFactory.defaultReference())
                                .resolve(),
                        Environment.of(Map.of())));

        assertThat(error.getMessage()).contains("nala.defaults.subsets").contains("not in nala.defaults");
    }

    @Test
    void theRoutingKeysServicesInheritAreCheckedInDefaultsWithNoServiceConfigured() {
        NalaConfigurationException error = catchThrowableOfType(
                NalaConfigurationException.class,
                () -> NalaSettings.load(
                        ConfigFactory.parseString(
                                        "nala.defaults.routing { when-subset-empty = fial, sticky-header = \"x user\" }")
                                .withFallback(ConfigFactory.defaultReference())
                                .resolve(),
                        Environment.of(Map.of())));

        assertThat(error).as("an error for bad values in nala.defaults.routing").isNotNull();
        assertThat(error.getMessage())
                .contains("nala.defaults.routing.when-subset-empty = \"fial\"")
                .contains("valid values are fallback, fail")
                .contains("nala.defaults.routing.sticky-header")
                .contains("expected a header name");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String message = failure("""
                subsets { v1.tags = [v1], v2.tagz = [v2] }
                routing { split { v1 = 50, v2 = 40 }, when-subset-empty = never }
                """);

        assertThat(message).contains("tagz").contains("add up to 90").contains("when-subset-empty");
        assertThat(List.of(message.split("\n")).size()).isGreaterThan(2);
    }
}
