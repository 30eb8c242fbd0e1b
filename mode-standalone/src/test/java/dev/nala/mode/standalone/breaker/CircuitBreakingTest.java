package dev.nala.mode.standalone.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.nala.CircuitOpenException;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.mode.standalone.AttemptStep;
import dev.nala.mode.standalone.fixtures.ManualClock;
import dev.nala.mode.standalone.fixtures.Metrics;
import dev.nala.mode.standalone.fixtures.TestContexts;
import dev.nala.mode.standalone.fixtures.Upstream;
import dev.nala.testing.LogCapture;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-service breaker over real HTTP. A stand-in for endpoint selection in front of it sends
 * {@code http://billing/} to the upstream and tags the service, as the real one does.
 */
class CircuitBreakingTest {
    private static final ServiceName BILLING = ServiceName.of("billing");
    private static final String SMALL_WINDOW =
            "nala.defaults.circuit-breaker { sliding-window-size = 20, minimum-calls = 20 }\n";

    private final ManualClock clock = new ManualClock();
    private final Metrics metrics = new Metrics();
    private final Upstream upstream = Upstream.start();
    private ServiceBreakers breakers;

    @AfterEach
    void stop() {
        upstream.close();
        if (breakers != null) {
            breakers.close();
        }
        metrics.close();
    }

    private OkHttpClient client(String hocon) {
        breakers = ServiceBreakers.create(TestContexts.settings(hocon), metrics.openTelemetry(), clock);
        return client(breakers, upstream.port());
    }

    private static OkHttpClient client(ServiceBreakers breakers, int port) {
        return new OkHttpClient.Builder()
                .retryOnConnectionFailure(false)
                .addInterceptor(chain -> {
                    // A stand-in for endpoint selection, which runs the breaker as the attempt's next step.
                    Request request = chain.request();
                    ServiceName service = ServiceName.fromUrl(request.url()).orElseThrow();
                    Request routed = request.newBuilder()
                            .url(Endpoint.of("127.0.0.1", port).applyTo(request.url()))
                            .build();
                    return breakers.guard(chain, routed, service, AttemptStep.PROCEED);
                })
                .build();
    }

    private static int call(OkHttpClient client) throws IOException {
        try (Response response = client.newCall(
                        new Request.Builder().url("http://billing/pay").build())
                .execute()) {
            return response.code();
        }
    }

    private CircuitBreaker.State state() {
        return breakers.find(BILLING).orElseThrow().circuitBreaker().getState();
    }

    @Test
    void opensAtTheFailureRateThenFailsFastWithoutSending() throws Exception {
        OkHttpClient client = client(SMALL_WINDOW);
        upstream.answer(n -> n % 2 == 0 ? 500 : 200);
        try (LogCapture log = new LogCapture(ServiceBreakers.class)) {
            for (int i = 0; i < 19; i++) {
                call(client);
            }
            assertThat(state()).as("no decision before minimum-calls").isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(call(client)).isEqualTo(500);
            assertThat(state()).as("10 of 20 failed: 50%").isEqualTo(CircuitBreaker.State.OPEN);

            Instant expectedProbe = clock.instant().plus(Duration.ofSeconds(30));
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> call(client))
                        .isInstanceOfSatisfying(CircuitOpenException.class, e -> {
                            assertThat(e.service()).isEqualTo("billing");
                            assertThat(e.nextProbeAt()).isEqualTo(expectedProbe);
                        })
                        .hasMessageContaining("'billing'")
                        .hasMessageContaining(expectedProbe.toString());
            }
            assertThat(upstream.hits()).as("an open breaker sends nothing").isEqualTo(20);
            assertThat(log.messages(Level.INFO))
                    .anySatisfy(line -> assertThat(line)
                            .contains("billing")
                            .contains("CLOSED -> OPEN")
                            .contains(expectedProbe.toString()));
        }
        assertThat(metrics.value(
                        "nala.client.circuit_breaker.transitions",
                        Map.of(
                                "nala.service",
                                "billing",
                                "nala.circuit_breaker.state",
                                "open",
                                "nala.deployment_mode",
                                "standalone")))
                .isEqualTo(1);
        assertThat(metrics.value(
                        "nala.client.circuit_breaker.state",
                        Map.of("nala.service", "billing", "nala.circuit_breaker.state", "open")))
                .isEqualTo(1);
        assertThat(metrics.value(
                        "nala.client.circuit_breaker.state",
                        Map.of("nala.service", "billing", "nala.circuit_breaker.state", "closed")))
                .isEqualTo(0);
    }

    @Test
    void staysClosedBelowTheFailureRate() throws Exception {
        OkHttpClient client = client(SMALL_WINDOW);
        upstream.answer(n -> n <= 9 ? 500 : 200);
        for (int i = 0; i < 40; i++) {
            call(client);
        }
        assertThat(state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(upstream.hits()).isEqualTo(40);
    }

    @Test
    void halfOpenProbesCloseItAgain() throws Exception {
        OkHttpClient client = client(SMALL_WINDOW);
        upstream.answer(500);
        for (int i = 0; i < 20; i++) {
            call(client);
        }
        assertThat(state()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> call(client)).isInstanceOf(CircuitOpenException.class);
        assertThat(upstream.hits()).isEqualTo(20);

        clock.advance(Duration.ofMillis(1001));
        upstream.answer(200);
        try (LogCapture log = new LogCapture(ServiceBreakers.class)) {
            for (int i = 0; i < 3; i++) {
                assertThat(call(client)).isEqualTo(200);
                if (i < 2) {
                    assertThat(state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
                }
            }
            assertThat(state()).as("3 successful half-open probes").isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(log.messages(Level.INFO))
                    .anySatisfy(line -> assertThat(line).contains("OPEN -> HALF_OPEN"));
            assertThat(log.messages(Level.INFO))
                    .anySatisfy(line -> assertThat(line).contains("HALF_OPEN -> CLOSED"));
        }
        assertThat(upstream.hits()).isEqualTo(23);
        for (String state : List.of("open", "half_open", "closed")) {
            assertThat(metrics.value(
                            "nala.client.circuit_breaker.transitions",
                            Map.of("nala.service", "billing", "nala.circuit_breaker.state", state)))
                    .as(state)
                    .isEqualTo(1);
        }
        assertThat(metrics.value(
                        "nala.client.circuit_breaker.state",
                        Map.of("nala.service", "billing", "nala.circuit_breaker.state", "closed")))
                .isEqualTo(1);
    }

    @Test
    void aFailedHalfOpenProbeOpensItAgain() throws Exception {
        OkHttpClient client = client(SMALL_WINDOW);
        upstream.answer(500);
        for (int i = 0; i < 20; i++) {
            call(client);
        }
        clock.advance(Duration.ofMillis(30_001));
        for (int i = 0; i < 3; i++) {
            assertThat(call(client)).isEqualTo(500);
        }
        assertThat(state()).isEqualTo(CircuitBreaker.State.OPEN);
        Instant expectedProbe = clock.instant().plus(Duration.ofSeconds(30));
        assertThatThrownBy(() -> call(client))
                .isInstanceOfSatisfying(
                        CircuitOpenException.class,
                        e -> assertThat(e.nextProbeAt()).isEqualTo(expectedProbe));
        assertThat(upstream.hits()).isEqualTo(23);
    }

    @Test
    void clientErrorsNeverCount() throws Exception {
        OkHttpClient client = client(SMALL_WINDOW);
        upstream.answer(n -> n % 2 == 0 ? 404 : 429);
        for (int i = 0; i < 60; i++) {
            call(client);
        }
        assertThat(state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.find(BILLING)
                        .orElseThrow()
                        .circuitBreaker()
                        .getMetrics()
                        .getNumberOfFailedCalls())
                .isZero();
        assertThat(upstream.hits()).isEqualTo(60);
    }

    @Test
    void connectionFailuresCount() throws Exception {
        int closedPort;
        try (Upstream gone = Upstream.start()) {
            closedPort = gone.port();
        }
        breakers = ServiceBreakers.create(TestContexts.settings(SMALL_WINDOW), metrics.openTelemetry(), clock);
        OkHttpClient client = client(breakers, closedPort);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> call(client)).isInstanceOf(ConnectException.class);
        }
        assertThat(state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> call(client)).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void aDisabledBreakerNeverOpens() throws Exception {
        OkHttpClient client = client(SMALL_WINDOW + "nala.services.billing.circuit-breaker.enabled = false\n");
        upstream.answer(500);
        for (int i = 0; i < 40; i++) {
            assertThat(call(client)).isEqualTo(500);
        }
        assertThat(upstream.hits()).isEqualTo(40);
        assertThat(breakers.find(BILLING)).isEmpty();
    }

    @Test
    void creationListenersSeeEveryBreakerBeforeItsFirstCall() throws Exception {
        OkHttpClient client = client(SMALL_WINDOW);
        List<String> seen = new CopyOnWriteArrayList<>();
        breakers.addCreationListener(breaker -> seen.add(
                breaker.service() + " " + breaker.circuitBreaker().getMetrics().getNumberOfBufferedCalls()));
        call(client);
        call(client);
        assertThat(seen).containsExactly("billing 0");

        List<String> late = new CopyOnWriteArrayList<>();
        breakers.addCreationListener(breaker -> late.add(breaker.service().value()));
        assertThat(late).as("a late listener is told about existing breakers").containsExactly("billing");
        assertThat(breakers.all()).extracting(ServiceBreaker::service).containsExactly(BILLING);
    }

    @Test
    void aListenerCanForceTheBreakerOpen() throws Exception {
        OkHttpClient client = client(SMALL_WINDOW);
        breakers.addCreationListener(breaker -> breaker.circuitBreaker().transitionToForcedOpenState());
        assertThatThrownBy(() -> call(client)).isInstanceOf(CircuitOpenException.class);
        assertThat(upstream.hits()).isZero();
    }
}
