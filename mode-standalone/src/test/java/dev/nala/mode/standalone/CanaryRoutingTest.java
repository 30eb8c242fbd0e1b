package dev.nala.mode.standalone;

import static dev.nala.mode.standalone.StandaloneFactories.FAST_BACKOFF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.nala.ServiceDiscoveryException;
import dev.nala.mode.standalone.fixtures.CanaryInstances;
import dev.nala.mode.standalone.fixtures.NamedUpstream;
import dev.nala.testing.LogCapture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Canary routing with static discovery, through the whole factory: instances {@code v1-a},
 * {@code v1-b} in subset v1 and {@code v2-a} (and {@code v2-b}) in subset v2, on 127.0.0.1.
 */
class CanaryRoutingTest {
    private final CanaryInstances instances = new CanaryInstances();

    @AfterEach
    void stop() {
        instances.close();
    }

    private NamedUpstream upstream(String name) {
        return instances.start(name);
    }

    private static String quoted(NamedUpstream... instances) {
        List<String> endpoints = new ArrayList<>();
        for (NamedUpstream instance : instances) {
            endpoints.add("\"" + instance.endpoint() + "\"");
        }
        return "[" + String.join(", ", endpoints) + "]";
    }

    /** Service {@code orders}: v1 = {v1-a, v1-b}, v2 = {@code v2}, and {@code routing}. */
    private OkHttpClient orders(List<NamedUpstream> v2, String routing) {
        return orders(v2, routing, "");
    }

    /** @param extra more of the service's settings */
    private OkHttpClient orders(List<NamedUpstream> v2, String routing, String extra) {
        NamedUpstream v1a = upstream("v1-a");
        NamedUpstream v1b = upstream("v1-b");
        NamedUpstream[] v2s = v2.toArray(new NamedUpstream[0]);
        List<NamedUpstream> all = new ArrayList<>(List.of(v1a, v1b));
        all.addAll(v2);
        return instances.clientOf(StandaloneFactories.standalone(FAST_BACKOFF
                + "nala.services.orders {\n"
                + "  discovery = static\n"
                + "  endpoints = " + quoted(all.toArray(new NamedUpstream[0])) + "\n"
                + "  subsets { v1 { endpoints = " + quoted(v1a, v1b) + " }, v2 { endpoints = " + quoted(v2s) + " } }\n"
                + "  routing { " + routing + " }\n"
                + extra
                + "\n}\n"));
    }

    /** Which instance answered, or the status when it failed. */
    static String call(OkHttpClient client, Map<String, String> headers) throws IOException {
        Request.Builder request = new Request.Builder().url("http://orders/items");
        headers.forEach(request::header);
        try (Response response = client.newCall(request.build()).execute()) {
            return response.isSuccessful() ? response.header(NamedUpstream.SERVED_BY) : "status " + response.code();
        }
    }

    /** Calls by subset ({@code v1}, {@code v2}), from the instance names. */
    static Map<String, Integer> shares(OkHttpClient client, int calls, Map<String, String> headers) throws IOException {
        Map<String, Integer> bySubset = new TreeMap<>();
        for (int i = 0; i < calls; i++) {
            bySubset.merge(subsetOf(call(client, headers)), 1, Integer::sum);
        }
        return bySubset;
    }

    static String subsetOf(String servedBy) {
        return servedBy.startsWith("v") ? servedBy.substring(0, 2) : servedBy;
    }

    @Test
    void aNinetyTenSplitSendsTenPercentToTheCanary() throws IOException {
        OkHttpClient client = orders(List.of(upstream("v2-a")), "split { v1 = 90, v2 = 10 }");
        Map<String, Integer> shares = shares(client, 10_000, Map.of());
        System.out.println("static 90/10 split over 10,000 calls: " + shares);
        assertThat(shares.keySet()).containsExactly("v1", "v2");
        assertThat(shares.get("v2") / 100.0).isBetween(8.5, 11.5);
    }

    @Test
    void aHeaderRuleSendsEveryMatchingCallToItsSubset() throws IOException {
        OkHttpClient client = orders(
                List.of(upstream("v2-a")),
                "rules = [{ header = \"x-canary\", exact = \"always\", subset = v2 },"
                        + " { cookie = \"beta\", prefix = \"yes\", subset = v2 }]\n"
                        + "split { v1 = 100, v2 = 0 }");
        Map<String, Integer> byHeader = shares(client, 500, Map.of("x-canary", "always"));
        Map<String, Integer> byCookie = shares(client, 500, Map.of("Cookie", "session=abc; beta=yes-please; x=1"));
        Map<String, Integer> neither = shares(client, 500, Map.of("x-canary", "sometimes", "Cookie", "beta=no"));
        System.out.println("header rule: " + byHeader + ", cookie rule: " + byCookie + ", neither: " + neither);
        assertThat(byHeader).isEqualTo(Map.of("v2", 500));
        assertThat(byCookie).isEqualTo(Map.of("v2", 500));
        assertThat(neither).isEqualTo(Map.of("v1", 500));
    }

    @Test
    void enqueuedCallsAreRoutedAsExecutedOnesAre() throws Exception {
        OkHttpClient client = orders(
                List.of(upstream("v2-a")),
                "rules = [{ header = \"x-canary\", exact = \"always\", subset = v2 }]\nsplit { v1 = 100, v2 = 0 }");
        List<CompletableFuture<String>> servedBy = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Request.Builder request = new Request.Builder().url("http://orders/items");
            if (i % 2 == 0) {
                request.header("x-canary", "always");
            }
            CompletableFuture<String> answer = new CompletableFuture<>();
            client.newCall(request.build()).enqueue(new Callback() {
                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        answer.complete(response.header(NamedUpstream.SERVED_BY));
                    }
                }

                @Override
                public void onFailure(Call call, IOException e) {
                    answer.completeExceptionally(e);
                }
            });
            servedBy.add(answer);
        }
        for (int i = 0; i < servedBy.size(); i++) {
            assertThat(subsetOf(servedBy.get(i).get(10, TimeUnit.SECONDS)))
                    .as("call %d", i)
                    .isEqualTo(i % 2 == 0 ? "v2" : "v1");
        }
    }

    @Test
    void theStickyHeaderKeepsEachKeyOnOneSubset() throws IOException {
        OkHttpClient client =
                orders(List.of(upstream("v2-a")), "split { v1 = 90, v2 = 10 }, sticky-header = \"x-user\"");
        Map<String, Set<String>> subsetsByKey = new HashMap<>();
        int canaryCalls = 0;
        for (int key = 0; key < 200; key++) {
            String user = "user-" + key;
            for (int i = 0; i < 20; i++) {
                String subset = subsetOf(call(client, Map.of("x-user", user)));
                subsetsByKey.computeIfAbsent(user, k -> new HashSet<>()).add(subset);
                canaryCalls += subset.equals("v2") ? 1 : 0;
            }
        }
        long canaryKeys =
                subsetsByKey.values().stream().filter(s -> s.contains("v2")).count();
        System.out.println(
                "sticky 90/10 split, 200 keys x 20 calls: " + canaryKeys + " keys (" + canaryCalls + " calls) on v2");
        assertThat(subsetsByKey)
                .hasSize(200)
                .allSatisfy((key, subsets) -> assertThat(subsets).hasSize(1));
        assertThat(canaryKeys).isBetween(8L, 34L);
        assertThat(canaryCalls).isEqualTo((int) canaryKeys * 20);
    }

    @Test
    void retriesStayInTheSubsetWhileAnotherOfItsInstancesIsHealthy() throws IOException {
        NamedUpstream failing = upstream("v2-a").answer(503);
        NamedUpstream healthy = upstream("v2-b");
        OkHttpClient client = orders(
                List.of(failing, healthy),
                "rules = [{ header = \"x-canary\", exact = \"always\", subset = v2 }], split { v1 = 100, v2 = 0 }");
        Map<String, Integer> shares = shares(client, 200, Map.of("x-canary", "always"));
        assertThat(shares).isEqualTo(Map.of("v2", 200));
        assertThat(failing.hits()).as("the failing canary was tried").isPositive();
        assertThat(healthy.hits()).isEqualTo(200);
        assertThat(instances.get(2).hits() + instances.get(3).hits())
                .as("v1 got nothing")
                .isZero();
    }

    @Test
    void anEmptySubsetFallsBackToTheRestWithOneWarningAndOneInfoWhenItEnds() throws Exception {
        NamedUpstream canary = upstream("v2-a").answer(500);
        OkHttpClient client = orders(
                List.of(canary),
                "rules = [{ header = \"x-canary\", exact = \"always\", subset = v2 }], split { v1 = 100, v2 = 0 }\n"
                        + "when-subset-empty = fallback",
                "outlier-detection.ejection-time = 1s, retry.max-attempts = 1");
        Map<String, String> pinned = Map.of("x-canary", "always");
        try (LogCapture log = new LogCapture("dev.nala")) {
            Map<String, Integer> shares = shares(client, 100, pinned);
            System.out.println("canary failing every call, 100 calls pinned to v2: " + shares);
            // Five failures in a row eject the only v2 instance (a slow run may see a failed probe
            // too); the rest fall back to v1.
            assertThat(shares.get("status 500")).isBetween(5, 8);
            assertThat(shares.get("v1")).isEqualTo(100 - shares.get("status 500"));
            assertThat(log.messages(Level.WARN, "Subset v2 of service orders has no healthy instance"))
                    .hasSize(1);
            assertThat(log.messages(Level.INFO, "Subset v2 of service orders has a healthy instance again"))
                    .isEmpty();

            canary.answer(200);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String served = "";
            while (!served.startsWith("v2") && System.nanoTime() < until) {
                served = call(client, pinned); // v1 until the ejection ends and a call probes v2
            }
            Map<String, Integer> after = shares(client, 20, pinned);
            System.out.println("canary healthy again, readmitted, 20 calls: " + after);
            assertThat(after).isEqualTo(Map.of("v2", 20));
            assertThat(log.messages(Level.WARN, "Subset v2")).hasSize(1);
            assertThat(log.messages(Level.INFO, "Subset v2 of service orders has a healthy instance again"))
                    .hasSize(1);
        }
    }

    @Test
    void whenSubsetEmptyFailFailsTheCallNamingServiceAndSubset() throws Exception {
        NamedUpstream canary = upstream("v2-a").answer(500);
        OkHttpClient client = orders(
                List.of(canary),
                "rules = [{ header = \"x-canary\", exact = \"always\", subset = v2 }], split { v1 = 100, v2 = 0 }\n"
                        + "when-subset-empty = fail",
                "retry.max-attempts = 1");
        Map<String, String> pinned = Map.of("x-canary", "always");
        try (LogCapture log = new LogCapture("dev.nala")) {
            for (int i = 0; i < 5; i++) {
                assertThat(call(client, pinned)).isEqualTo("status 500");
            }
            assertThatThrownBy(() -> call(client, pinned))
                    .isInstanceOf(ServiceDiscoveryException.class)
                    .hasMessageContaining("Subset \"v2\" of service \"orders\" has no healthy instance")
                    .hasMessageContaining("when-subset-empty = fail");
            assertThatThrownBy(() -> call(client, pinned)).isInstanceOf(ServiceDiscoveryException.class);
            assertThat(call(client, Map.of())).startsWith("v1");
            assertThat(log.messages(Level.WARN, "Subset v2 of service orders")).hasSize(1);
        }
    }
}
