package dev.nala.mode.standalone.balancing;

import static dev.nala.mode.standalone.fixtures.TestContexts.staticService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nala.ServiceDiscoveryException;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.internal.Endpoint;
import dev.nala.mode.standalone.LogicalCall;
import dev.nala.mode.standalone.TriedEndpoints;
import dev.nala.mode.standalone.fixtures.Callers;
import dev.nala.mode.standalone.fixtures.Upstream;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Endpoint selection over real upstreams on 127.0.0.1, with static lists and the Consul stand-in. */
class EndpointSelectionTest {
    private final List<Upstream> upstreams = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable each : closing) {
            each.close();
        }
        upstreams.forEach(Upstream::close);
    }

    private List<Upstream> upstreams(int count) {
        for (int i = 0; i < count; i++) {
            upstreams.add(Upstream.start());
        }
        return upstreams;
    }

    private ServiceEndpointsFixture fixture(String hocon) {
        return fixture(hocon, null);
    }

    private ServiceEndpointsFixture fixture(String hocon, Interceptor outer) {
        ServiceEndpointsFixture fixture = new ServiceEndpointsFixture(hocon, outer);
        closing.add(0, fixture);
        return fixture;
    }

    private ConsulStandIn consul() {
        ConsulStandIn consul = ConsulStandIn.start();
        closing.add(consul);
        return consul;
    }

    @Test
    void roundRobinTakesEachEndpointInTurn() throws Exception {
        ServiceEndpointsFixture fixture = fixture(staticService("orders", upstreams(3), "load-balancer = round-robin"));
        for (int i = 0; i < 30; i++) {
            assertThat(fixture.get("http://orders/item/" + i)).isEqualTo(200);
        }
        assertThat(upstreams).allSatisfy(upstream -> assertThat(upstream.hits()).isEqualTo(10));
    }

    @Test
    void leastOutstandingReachesEveryEndpoint() throws Exception {
        ServiceEndpointsFixture fixture = fixture(staticService("orders", upstreams(3), ""));
        for (int i = 0; i < 90; i++) {
            assertThat(fixture.get("http://orders/")).isEqualTo(200);
        }
        assertThat(upstreams).allSatisfy(upstream -> assertThat(upstream.hits()).isPositive());
        assertThat(upstreams.stream().mapToInt(Upstream::hits).sum()).isEqualTo(90);
    }

    @Test
    void leastOutstandingSendsNewRequestsAwayFromABusyEndpoint() throws Exception {
        List<Upstream> two = upstreams(2);
        ServiceEndpointsFixture fixture = fixture(staticService("orders", two, ""));
        two.forEach(Upstream::hold);
        AtomicInteger done = new AtomicInteger();
        Callback count = new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                done.incrementAndGet();
            }

            @Override
            public void onResponse(Call call, Response response) {
                response.close();
                done.incrementAndGet();
            }
        };
        // One request in flight on each endpoint; then one of them finishes and stays idle.
        fixture.client
                .newCall(new Request.Builder().url("http://orders/").build())
                .enqueue(count);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> two.get(0).hits() + two.get(1).hits() == 1);
        Upstream busy = two.get(0).hits() == 1 ? two.get(0) : two.get(1);
        Upstream idle = busy == two.get(0) ? two.get(1) : two.get(0);
        idle.release();
        for (int i = 1; i <= 20; i++) {
            fixture.client
                    .newCall(new Request.Builder().url("http://orders/").build())
                    .enqueue(count);
            int expected = i;
            await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == expected);
        }
        assertThat(busy.hits()).as("the busy endpoint got nothing more").isEqualTo(1);
        assertThat(idle.hits()).isEqualTo(20);
        busy.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 21);
        assertThat(fixture.pool("orders").snapshot())
                .allSatisfy(state -> assertThat(state.outstanding).hasValue(0));
    }

    /**
     * The default balancer against real servers: one of three answers 100 ms late, eight callers,
     * counted for two seconds after a one-second warm-up. The exact figures (5 ms against
     * 50 ms, under 1 %) are {@link SlowEndpointSimulationTest}'s: on a shared two-core machine the
     * fast endpoints' own answers take several milliseconds at times, so here the slow one is
     * slower and the bound looser.
     */
    @Test
    void theDefaultBalancerSendsASlowEndpointAlmostNothing() throws Exception {
        List<Upstream> three = upstreams(3);
        three.get(2).delay(100);
        ServiceEndpointsFixture fixture = fixture(staticService("orders", three, ""));
        Callers.repeat(
                8,
                Duration.ofSeconds(1),
                () -> assertThat(fixture.get("http://orders/")).isEqualTo(200));
        int[] before = three.stream().mapToInt(Upstream::hits).toArray();
        Callers.repeat(
                8,
                Duration.ofSeconds(2),
                () -> assertThat(fixture.get("http://orders/")).isEqualTo(200));
        int slow = three.get(2).hits() - before[2];
        int all = three.stream().mapToInt(Upstream::hits).sum()
                - Arrays.stream(before).sum();
        assertThat((double) slow / all)
                .as("the slow endpoint's share of %d calls", all)
                .isLessThan(0.02);
    }

    @ParameterizedTest
    @ValueSource(strings = {"peak-ewma", "least-outstanding", "round-robin"})
    void aRetryGoesToADifferentEndpoint(String algorithm) throws Exception {
        List<TriedEndpoints> calls = new ArrayList<>();
        Interceptor twoAttempts = chain -> {
            calls.add(LogicalCall.attachTo(chain.call(), new LogicalCall(0, null, Attributes.empty()))
                    .tried());
            chain.proceed(chain.request()).close();
            return chain.proceed(chain.request());
        };
        List<Upstream> two = upstreams(2);
        ServiceEndpointsFixture fixture =
                fixture(staticService("orders", two, "load-balancer = " + algorithm), twoAttempts);
        for (int i = 0; i < 20; i++) {
            assertThat(fixture.get("http://orders/")).isEqualTo(200);
        }
        assertThat(calls).hasSize(20).allSatisfy(tried -> {
            assertThat(tried.all()).hasSize(2);
            assertThat(tried.all().get(0)).isNotEqualTo(tried.all().get(1));
        });
        assertThat(two).allSatisfy(upstream -> assertThat(upstream.hits()).isEqualTo(20));
    }

    @Test
    void aRetryOfAOneEndpointServiceGoesToThatEndpoint() throws Exception {
        Interceptor twoAttempts = chain -> {
            LogicalCall.attachTo(chain.call(), new LogicalCall(0, null, Attributes.empty()));
            chain.proceed(chain.request()).close();
            return chain.proceed(chain.request());
        };
        ServiceEndpointsFixture fixture = fixture(staticService("orders", upstreams(1), ""), twoAttempts);
        assertThat(fixture.get("http://orders/")).isEqualTo(200);
        assertThat(upstreams.get(0).hits()).isEqualTo(2);
    }

    @Test
    void rewritesOnlyHostAndPort() throws Exception {
        List<Request> seen = new ArrayList<>();
        Upstream upstream = upstreams(1).get(0);
        ServiceEndpointsFixture fixture = fixture(staticService("orders", upstreams, ""));
        okhttp3.OkHttpClient recording = fixture.client
                .newBuilder()
                .addInterceptor(chain -> {
                    seen.add(chain.request());
                    return chain.proceed(chain.request());
                })
                .build();
        try (Response response = recording
                .newCall(new Request.Builder()
                        .url("http://orders/a/b?c=d")
                        .header("X-Test", "1")
                        .build())
                .execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(seen).singleElement().satisfies(request -> {
            assertThat(request.url().toString()).isEqualTo("http://127.0.0.1:" + upstream.port() + "/a/b?c=d");
            assertThat(request.header("X-Test")).isEqualTo("1");
        });
    }

    @Test
    void hostsThatAreNotLogicalServicesPassThroughUntouched() throws Exception {
        ConsulStandIn consul = consul();
        Upstream upstream = upstreams(1).get(0);
        ServiceEndpointsFixture fixture = fixture("nala.consul.address = \"" + consul.address() + "\"");
        assertThat(fixture.get("http://127.0.0.1:" + upstream.port() + "/")).isEqualTo(200);
        assertThat(fixture.get("http://localhost:" + upstream.port() + "/")).isEqualTo(200);
        assertThat(upstream.hits()).isEqualTo(2);
        assertThat(consul.requestCount()).as("discovery never asked").isZero();
    }

    @Test
    void anUnknownStaticServiceFailsNamingItAndTheSource() {
        ServiceEndpointsFixture fixture =
                fixture("nala.defaults.discovery = static\n" + staticService("orders", upstreams(1), ""));
        assertThatThrownBy(() -> fixture.get("http://ledger/"))
                .isInstanceOfSatisfying(
                        ServiceDiscoveryException.class,
                        e -> assertThat(e.service()).isEqualTo("ledger"))
                .hasMessageContaining("\"ledger\"")
                .hasMessageContaining("static");
        assertThat(upstreams.get(0).hits()).isZero();
    }

    @Test
    void aConsulServiceWithNoHealthyInstanceFailsNamingItAndConsul() {
        ConsulStandIn consul = consul();
        ServiceEndpointsFixture fixture = fixture("nala.consul { address = \"" + consul.address() + "\", wait = 1s }");
        assertThatThrownBy(() -> fixture.get("http://ledger/"))
                .isInstanceOf(ServiceDiscoveryException.class)
                .hasMessageContaining("\"ledger\" has no healthy endpoints")
                .hasMessageContaining("Consul at " + consul.address());
    }

    @Test
    void consulChangesReachThePoolWithoutACall() throws Exception {
        ConsulStandIn consul = consul();
        List<Upstream> three = upstreams(3);
        consul.register("orders", "orders-1", "127.0.0.1", three.get(0).port());
        consul.register("orders", "orders-2", "127.0.0.1", three.get(1).port());
        ServiceEndpointsFixture fixture = fixture("nala.consul { address = \"" + consul.address() + "\", wait = 1s }\n"
                + "nala.services.orders.load-balancer = round-robin");
        for (int i = 0; i < 10; i++) {
            assertThat(fixture.get("http://orders/")).isEqualTo(200);
        }
        assertThat(three.get(0).hits()).isEqualTo(5);
        assertThat(three.get(1).hits()).isEqualTo(5);

        EndpointPool pool = fixture.pool("orders");
        consul.register("orders", "orders-3", "127.0.0.1", three.get(2).port());
        consul.deregister("orders", "orders-1");
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(pool.snapshot())
                        .extracting(state -> state.endpoint.port())
                        .containsExactlyInAnyOrder(
                                three.get(1).port(), three.get(2).port()));
        for (int i = 0; i < 10; i++) {
            assertThat(fixture.get("http://orders/")).isEqualTo(200);
        }
        assertThat(three.get(0).hits()).as("deregistered").isEqualTo(5);
        assertThat(three.get(1).hits() + three.get(2).hits()).isEqualTo(15);
        assertThat(three.get(2).hits()).isEqualTo(5);
    }

    @Test
    void concurrentCallsLeaveNothingOutstanding() throws Exception {
        List<Upstream> three = upstreams(3);
        three.get(0).answer(n -> n % 2 == 0 ? 500 : 200);
        ServiceEndpointsFixture fixture = fixture(staticService("orders", three, "circuit-breaker.enabled = false"));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                results.add(threads.submit(() -> fixture.get("http://orders/")));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isIn(200, 500);
            }
        } finally {
            threads.shutdown();
        }
        assertThat(three.stream().mapToInt(Upstream::hits).sum()).isEqualTo(400);
        assertThat(fixture.pool("orders").snapshot())
                .allSatisfy(state -> assertThat(state.outstanding).hasValue(0));
    }

    @Test
    void reportsHealthyEndpointsPerService() throws Exception {
        ServiceEndpointsFixture fixture = fixture(staticService("orders", upstreams(3), ""));
        fixture.get("http://orders/");
        assertThat(fixture.metrics.value(
                        "nala.client.endpoints.healthy",
                        Map.of("nala.service", "orders", "nala.deployment_mode", "standalone")))
                .isEqualTo(3);
    }

    /** The fixture's client, adding {@code what} of each request as it goes on the wire to {@code sent}. */
    private static okhttp3.OkHttpClient recordingSent(
            ServiceEndpointsFixture fixture, Function<Request, String> what, List<String> sent) {
        return fixture.client
                .newBuilder()
                .addNetworkInterceptor(chain -> {
                    sent.add(what.apply(chain.request()));
                    return chain.proceed(chain.request());
                })
                .build();
    }

    @Test
    void everyAttemptGetsTheCallsRequestIdToAServiceAndToAnOrdinaryHostAlike() throws Exception {
        Interceptor twoAttempts = chain -> {
            LogicalCall.attachTo(chain.call(), new LogicalCall(0, "req-7", Attributes.empty()));
            chain.proceed(chain.request()).close();
            return chain.proceed(chain.request());
        };
        Upstream upstream = upstreams(1).get(0);
        ServiceEndpointsFixture fixture = fixture(staticService("orders", upstreams, ""), twoAttempts);
        List<String> sent = new ArrayList<>();
        okhttp3.OkHttpClient client =
                recordingSent(fixture, request -> request.url().host() + " " + request.header("x-request-id"), sent);
        for (String url : List.of("http://orders/", "http://127.0.0.1:" + upstream.port() + "/")) {
            client.newCall(new Request.Builder().url(url).build()).execute().close();
        }
        assertThat(sent).containsExactly("127.0.0.1 req-7", "127.0.0.1 req-7", "127.0.0.1 req-7", "127.0.0.1 req-7");
        assertThat(upstream.hits()).isEqualTo(4);
    }

    @Test
    void withoutARequestIdToAddTheRequestGoesOutWithoutOne() throws Exception {
        Interceptor callersOwn = chain -> {
            LogicalCall.attachTo(chain.call(), new LogicalCall(0, null, Attributes.empty()));
            return chain.proceed(chain.request());
        };
        Upstream upstream = upstreams(1).get(0);
        ServiceEndpointsFixture fixture = fixture(staticService("orders", upstreams, ""), callersOwn);
        List<String> sent = new ArrayList<>();
        okhttp3.OkHttpClient client =
                recordingSent(fixture, request -> String.valueOf(request.header("x-request-id")), sent);
        client.newCall(new Request.Builder().url("http://orders/").build())
                .execute()
                .close();
        client.newCall(new Request.Builder()
                        .url("http://orders/")
                        .header("x-request-id", "mine")
                        .build())
                .execute()
                .close();
        assertThat(sent).containsExactly("null", "mine");
        assertThat(upstream.hits()).isEqualTo(2);
    }

    @Test
    void theEndpointChosenIsRecordedInTheTag() throws Exception {
        List<TriedEndpoints> calls = new ArrayList<>();
        Interceptor tagging = chain -> {
            calls.add(LogicalCall.attachTo(chain.call(), new LogicalCall(0, null, Attributes.empty()))
                    .tried());
            return chain.proceed(chain.request());
        };
        Upstream upstream = upstreams(1).get(0);
        ServiceEndpointsFixture fixture = fixture(staticService("orders", upstreams, ""), tagging);
        fixture.get("http://orders/");
        assertThat(calls)
                .singleElement()
                .satisfies(tried -> assertThat(tried.all()).containsExactly(Endpoint.of("127.0.0.1", upstream.port())));
    }
}
