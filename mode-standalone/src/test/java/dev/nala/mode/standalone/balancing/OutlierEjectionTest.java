package dev.nala.mode.standalone.balancing;

import static dev.nala.mode.standalone.fixtures.TestContexts.staticService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.nala.CircuitOpenException;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.mode.standalone.fixtures.Upstream;
import dev.nala.testing.LogCapture;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-endpoint outlier ejection over real upstreams; the clock moves only when a test says so. */
class OutlierEjectionTest {
    private static final String ROUND_ROBIN = "load-balancer = round-robin";
    private static final int WARM_UP = 10;

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
        ServiceEndpointsFixture fixture = new ServiceEndpointsFixture(hocon);
        closing.add(0, fixture);
        return fixture;
    }

    /**
     * Answers its first {@value #WARM_UP} requests and fails the rest: an endpoint that falls ill
     * once its peers have had enough requests for ejection to compare it with (Outliers).
     */
    private static Upstream fallsIll(Upstream upstream) {
        return upstream.answer(n -> n <= WARM_UP ? 200 : 500);
    }

    private static void calls(ServiceEndpointsFixture fixture, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            fixture.get("http://orders/");
        }
    }

    @Test
    void ejectsAfterConsecutiveFailuresAndReadmitsAfterASuccessfulProbe() throws Exception {
        List<Upstream> three = upstreams(3);
        Upstream sick = fallsIll(three.get(0));
        ServiceEndpointsFixture fixture = fixture(staticService("orders", three, ROUND_ROBIN));
        calls(fixture, 3 * WARM_UP);
        try (LogCapture log = new LogCapture(EndpointPool.class)) {
            calls(fixture, 15);
            assertThat(sick.hits()).isEqualTo(WARM_UP + 5);
            assertThat(log.messages(Level.INFO))
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .contains("Ejected endpoint " + sick.endpoint())
                            .contains("orders")
                            .contains("5 failures in a row")
                            .contains("the healthiest other endpoint fails 0%")
                            .contains("30000 ms"));

            calls(fixture, 30);
            assertThat(sick.hits()).as("ejected: no traffic").isEqualTo(WARM_UP + 5);
            assertThat(fixture.metrics.value(
                            "nala.client.endpoint.ejections",
                            Map.of(
                                    "nala.service",
                                    "orders",
                                    "server.address",
                                    "127.0.0.1",
                                    "nala.deployment_mode",
                                    "standalone")))
                    .isEqualTo(1);
            assertThat(fixture.metrics.value("nala.client.endpoints.healthy", Map.of("nala.service", "orders")))
                    .isEqualTo(2);

            fixture.clock.advance(Duration.ofSeconds(29));
            calls(fixture, 10);
            assertThat(sick.hits()).as("not before ejection-time").isEqualTo(WARM_UP + 5);

            fixture.clock.advance(Duration.ofSeconds(1));
            sick.answer(200);
            calls(fixture, 1);
            assertThat(sick.hits()).as("the next attempt is the probe").isEqualTo(WARM_UP + 6);
            assertThat(log.messages(Level.INFO))
                    .anySatisfy(line -> assertThat(line)
                            .contains("Readmitted endpoint " + sick.endpoint())
                            .contains("orders"));
        }
        calls(fixture, 30);
        assertThat(sick.hits()).as("back in rotation").isEqualTo(WARM_UP + 16);
        assertThat(fixture.metrics.value("nala.client.endpoints.healthy", Map.of("nala.service", "orders")))
                .isEqualTo(3);
    }

    @Test
    void aFailedProbeEjectsForLonger() throws Exception {
        List<Upstream> three = upstreams(3);
        Upstream sick = fallsIll(three.get(0));
        ServiceEndpointsFixture fixture = fixture(staticService("orders", three, ROUND_ROBIN));
        calls(fixture, 3 * WARM_UP + 15);
        assertThat(sick.hits()).isEqualTo(WARM_UP + 5);

        fixture.clock.advance(Duration.ofSeconds(30));
        calls(fixture, 10);
        assertThat(sick.hits()).as("one probe, which failed").isEqualTo(WARM_UP + 6);

        fixture.clock.advance(Duration.ofSeconds(59));
        calls(fixture, 10);
        assertThat(sick.hits()).as("second ejection lasts 2 x 30s").isEqualTo(WARM_UP + 6);

        fixture.clock.advance(Duration.ofSeconds(1));
        calls(fixture, 10);
        assertThat(sick.hits()).isEqualTo(WARM_UP + 7);
        assertThat(fixture.metrics.value("nala.client.endpoint.ejections", Map.of("nala.service", "orders")))
                .isEqualTo(3);
    }

    @Test
    void atMostMaxEjectionPercentAreEjected() throws Exception {
        List<Upstream> four = upstreams(4);
        for (int i = 0; i < 3; i++) {
            four.get(i).answer(500);
        }
        ServiceEndpointsFixture fixture =
                fixture(staticService("orders", four, ROUND_ROBIN + "\ncircuit-breaker.enabled = false"));
        calls(fixture, 100);
        assertThat(fixture.pool("orders").healthyCount()).as("50% of 4").isEqualTo(2);
        assertThat(fixture.metrics.value("nala.client.endpoint.ejections", Map.of("nala.service", "orders")))
                .isEqualTo(2);
        int stillServed = 0;
        for (int i = 0; i < 3; i++) {
            if (four.get(i).hits() > 20) {
                stillServed++;
            }
        }
        assertThat(stillServed).as("one failing endpoint stays in rotation").isEqualTo(1);
        assertThat(four.get(3).hits()).isGreaterThan(20);
    }

    @Test
    void clientErrorsNeverEject() throws Exception {
        List<Upstream> two = upstreams(2);
        two.get(0).answer(n -> n % 2 == 0 ? 404 : 400);
        ServiceEndpointsFixture fixture = fixture(staticService("orders", two, ROUND_ROBIN));
        calls(fixture, 40);
        assertThat(two.get(0).hits()).isEqualTo(20);
        assertThat(fixture.pool("orders").healthyCount()).isEqualTo(2);
    }

    @Test
    void aSuccessResetsTheFailureCount() throws Exception {
        List<Upstream> two = upstreams(2);
        two.get(0).answer(n -> n % 4 == 0 ? 200 : 503);
        ServiceEndpointsFixture fixture = fixture(staticService("orders", two, ROUND_ROBIN));
        calls(fixture, 40);
        assertThat(two.get(0).hits())
                .as("3 failures in a row at most: never ejected")
                .isEqualTo(20);
    }

    @Test
    void refusedConnectionsEject() throws Exception {
        Upstream healthy = upstreams(1).get(0);
        int closedPort;
        try (Upstream gone = Upstream.start()) {
            closedPort = gone.port();
        }
        ServiceEndpointsFixture fixture = fixture("nala.services.orders { discovery = static, " + ROUND_ROBIN
                + ", endpoints = [\"127.0.0.1:" + closedPort + "\", \"" + healthy.endpoint() + "\"] }");
        int refused = 0;
        for (int i = 0; i < 30; i++) {
            try {
                fixture.get("http://orders/");
            } catch (ConnectException e) {
                refused++;
            }
        }
        // Five refusals in a row, before the healthy endpoint has answered enough to compare with
        // (start-up): the run alone ejects.
        assertThat(refused).isEqualTo(5);
        assertThat(healthy.hits()).isEqualTo(25);
    }

    @Test
    void ejectionSurvivesADiscoveryRefresh() throws Exception {
        ConsulStandIn consul = ConsulStandIn.start();
        closing.add(consul);
        List<Upstream> four = upstreams(4);
        Upstream sick = fallsIll(four.get(0));
        for (int i = 0; i < 3; i++) {
            consul.register("orders", "orders-" + i, "127.0.0.1", four.get(i).port());
        }
        ServiceEndpointsFixture fixture = fixture("nala.consul { address = \"" + consul.address() + "\", wait = 1s }\n"
                + "nala.services.orders." + ROUND_ROBIN);
        calls(fixture, 3 * WARM_UP + 15);
        assertThat(sick.hits()).isEqualTo(WARM_UP + 5);
        EndpointPool pool = fixture.pool("orders");

        consul.register("orders", "orders-3", "127.0.0.1", four.get(3).port());
        await().atMost(Duration.ofSeconds(15)).until(() -> pool.snapshot().length == 4);
        calls(fixture, 30);
        assertThat(sick.hits()).as("still ejected after the refresh").isEqualTo(WARM_UP + 5);
        assertThat(four.get(3).hits()).isEqualTo(10);
        assertThat(pool.healthyCount()).isEqualTo(3);

        consul.deregister("orders", "orders-0");
        await().atMost(Duration.ofSeconds(15)).until(() -> pool.snapshot().length == 3);
        assertThat(pool.healthyCount()).as("the ejected endpoint left").isEqualTo(3);
        consul.register("orders", "orders-0", "127.0.0.1", sick.port());
        await().atMost(Duration.ofSeconds(15)).until(() -> pool.snapshot().length == 4);
        assertThat(pool.healthyCount())
                .as("an endpoint that comes back starts afresh")
                .isEqualTo(4);
    }

    @Test
    void attemptsTheServiceBreakerRefusesDoNotCountAgainstTheEndpoint() throws Exception {
        List<Upstream> two = upstreams(2);
        two.forEach(upstream -> upstream.answer(500));
        ServiceEndpointsFixture fixture = fixture(staticService(
                "orders",
                two,
                ROUND_ROBIN
                        + "\noutlier-detection.consecutive-failures = 100"
                        + "\ncircuit-breaker { sliding-window-size = 20, minimum-calls = 20 }"));
        calls(fixture, 20);
        for (int i = 0; i < 30; i++) {
            assertThatThrownBy(() -> fixture.get("http://orders/")).isInstanceOf(CircuitOpenException.class);
        }
        assertThat(two.get(0).hits() + two.get(1).hits()).isEqualTo(20);
        assertThat(fixture.pool("orders").snapshot()).allSatisfy(state -> {
            assertThat(state.consecutiveFailures).isEqualTo(10);
            assertThat(state.outstanding).hasValue(0);
        });
    }
}
