package dev.nala.mode.standalone;

import static dev.nala.mode.standalone.CanaryRoutingTest.call;
import static dev.nala.mode.standalone.CanaryRoutingTest.shares;
import static dev.nala.mode.standalone.StandaloneFactories.FAST_BACKOFF;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.discovery.testing.ConsulStandIn.Instance;
import dev.nala.mode.standalone.fixtures.CanaryInstances;
import dev.nala.mode.standalone.fixtures.NamedUpstream;
import dev.nala.testing.LogCapture;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Canary routing with subsets found through the Consul stand-in: v1 instances tagged {@code v1},
 * the canary with {@code Service.Meta.version = v2} (or tagged {@code v2}); membership follows
 * Consul live, and the canary's maintenance mode is the instant rollback.
 */
class CanaryConsulTest {
    private final CanaryInstances instances = new CanaryInstances();
    private ConsulStandIn consul;

    @BeforeEach
    void start() {
        consul = ConsulStandIn.start();
    }

    @AfterEach
    void stop() {
        instances.close();
        consul.close();
    }

    private NamedUpstream register(String name, String... tags) {
        return register(name, Map.of(), tags);
    }

    private NamedUpstream register(String name, Map<String, String> meta, String... tags) {
        NamedUpstream upstream = instances.start(name);
        consul.register(
                "orders",
                Instance.of(name, "127.0.0.1", upstream.port()).withTags(tags).withMeta(meta));
        return upstream;
    }

    private OkHttpClient orders(String subsetsAndRouting) {
        return instances.clientOf(StandaloneFactories.standalone(FAST_BACKOFF
                + "nala.consul.address = \"" + consul.address() + "\"\n"
                + "nala.services.orders {\n" + subsetsAndRouting + "\n}\n"));
    }

    /** Calls in batches of 100 until a batch satisfies {@code done}, for at most 10 s. */
    private static Map<String, Integer> callUntil(
            OkHttpClient client, Map<String, String> headers, Predicate<Map<String, Integer>> done) throws IOException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<String, Integer> batch = shares(client, 100, headers);
        while (!done.test(batch) && System.nanoTime() < until) {
            batch = shares(client, 100, headers);
        }
        return batch;
    }

    @Test
    void aNinetyTenSplitOverConsulSendsTenPercentToTheCanary() throws IOException {
        register("v1-a", "v1");
        register("v1-b", "v1");
        register("v2-a", Map.of("version", "v2"), "canary-build");
        OkHttpClient client = orders("subsets { v1 { tags = [\"v1\"] }, v2 { meta { version = \"v2\" } } }\n"
                + "routing.split { v1 = 90, v2 = 10 }");
        Map<String, Integer> shares = shares(client, 10_000, Map.of());
        System.out.println("Consul 90/10 split over 10,000 calls: " + shares);
        assertThat(shares.keySet()).containsExactly("v1", "v2");
        assertThat(shares.get("v2") / 100.0).isBetween(8.5, 11.5);
    }

    @Test
    void anInstanceRetaggedFromV1ToV2MovesToV2() throws IOException {
        register("v1-a", "v1");
        register("v1-b", "v1");
        register("v2-a", "v2");
        OkHttpClient client = orders("subsets { v1 { tags = [\"v1\"] }, v2 { tags = [\"v2\"] } }\n"
                + "routing { rules = [{ header = \"x-canary\", exact = \"always\", subset = v2 }],"
                + " split { v1 = 100, v2 = 0 } }");
        Map<String, String> pinned = Map.of("x-canary", "always");
        assertThat(shares(client, 100, pinned)).isEqualTo(Map.of("v2", 100));

        consul.retag("orders", "v1-b", "v2");
        int v1bBefore = instances.get(1).hits();
        Map<String, Integer> batch =
                callUntil(client, pinned, b -> instances.get(1).hits() > v1bBefore);
        assertThat(instances.get(1).hits())
                .as("v1-b, now tagged v2, serves pinned calls")
                .isGreaterThan(v1bBefore);
        assertThat(batch).containsOnlyKeys("v1", "v2"); // instance names: v1-b keeps its name
        int v1aBefore = instances.get(0).hits();
        shares(client, 200, pinned);
        assertThat(instances.get(0).hits()).as("v1-a stays out of v2").isEqualTo(v1aBefore);
    }

    @Test
    void puttingTheCanaryInMaintenanceRollsBackAtOnceWithoutARestart() throws IOException {
        register("v1-a", "v1");
        register("v1-b", "v1");
        register("v2-a", "v2");
        OkHttpClient client = orders(
                "subsets { v1 { tags = [\"v1\"] }, v2 { tags = [\"v2\"] } }\n" + "routing.split { v1 = 80, v2 = 20 }");
        try (LogCapture log = new LogCapture("dev.nala")) {
            Map<String, Integer> before = shares(client, 1_000, Map.of());
            assertThat(before.get("v2")).isBetween(150, 250);

            consul.setMaintenance("orders", "v2-a", true); // consul maint -enable -service=v2-a
            Map<String, Integer> rolledBack = callUntil(client, Map.of(), batch -> !batch.containsKey("v2"));
            assertThat(rolledBack).isEqualTo(Map.of("v1", 100));
            Map<String, Integer> during = shares(client, 1_000, Map.of());
            System.out.println("split 80/20: before " + before + ", canary in maintenance " + during);
            assertThat(during).isEqualTo(Map.of("v1", 1_000));
            assertThat(log.messages(Level.WARN, "Subset v2 of service orders has no healthy instance"))
                    .singleElement()
                    .asString()
                    .contains("discovery lists none of its instances", "go to the rest of the service");

            consul.setMaintenance("orders", "v2-a", false);
            callUntil(client, Map.of(), batch -> batch.containsKey("v2"));
            Map<String, Integer> after = shares(client, 1_000, Map.of());
            System.out.println("canary out of maintenance: " + after);
            assertThat(after.get("v2")).isBetween(150, 250);
            assertThat(log.messages(Level.WARN, "Subset v2")).hasSize(1);
            assertThat(log.messages(Level.INFO, "Subset v2 of service orders has a healthy instance again"))
                    .hasSize(1);
        }
    }

    @Test
    void withFailTheCallsOfAnEmptySubsetFailNamingIt() throws IOException {
        register("v1-a", "v1");
        OkHttpClient client = orders("subsets { v1 { tags = [\"v1\"] }, v2 { tags = [\"v2\"] } }\n"
                + "routing { rules = [{ header = \"x-canary\", exact = \"always\", subset = v2 }],"
                + " split { v1 = 100, v2 = 0 }, when-subset-empty = fail }");
        try {
            call(client, Map.of("x-canary", "always"));
            throw new AssertionError("expected the call to fail");
        } catch (dev.nala.ServiceDiscoveryException e) {
            assertThat(e).hasMessageContaining("Subset \"v2\" of service \"orders\" has no healthy instance");
            assertThat(e).hasMessageContaining("discovery lists none of its instances");
        }
        assertThat(call(client, Map.of())).isEqualTo("v1-a");
    }
}
