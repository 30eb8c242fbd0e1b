package dev.nala.mode.standalone;

import static dev.nala.mode.standalone.StandaloneFactories.FAST_BACKOFF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.nala.CircuitOpenException;
import dev.nala.internal.Endpoint;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seams the balancing work plugs into, exercised with stand-ins placed where endpoint
 * selection and the breakers go: every attempt sees the call's one {@link TriedEndpoints},
 * an inner {@link CircuitOpenException} ends the call, and the final error names the endpoints.
 */
class InnerInterceptorsTest {
    private MockWebServer upstream;
    private final List<TriedEndpoints> seen = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        upstream = Upstreams.started();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    /** The standalone chain with a stand-in for selection/breakers added right after the retry loop's attempts. */
    private OkHttpClient clientWithInner(okhttp3.Interceptor inner) {
        OkHttpClient base = StandaloneFactories.withJitter(FAST_BACKOFF, () -> 0.5, OpenTelemetry.noop());
        OkHttpClient.Builder builder = base.newBuilder();
        // Right after the factory's interceptor (index 0, where the retry loop and each attempt's
        // steps run), so it sees every attempt.
        builder.interceptors().add(1, inner);
        return builder.build();
    }

    @Test
    void everyAttemptOfACallSharesOneTriedEndpointsAndANewCallGetsANewOne() throws IOException {
        OkHttpClient client = clientWithInner(chain -> {
            TriedEndpoints tried = LogicalCall.of(chain.call()).tried();
            seen.add(tried);
            tried.add(Endpoint.of("127.0.0.1", upstream.getPort()));
            return chain.proceed(chain.request());
        });
        try {
            upstream.enqueue(Upstreams.status(503));
            upstream.enqueue(new MockResponse.Builder().body("ok").build());
            upstream.enqueue(new MockResponse.Builder().body("ok").build());
            client.newCall(new Request.Builder().url(upstream.url("/")).build())
                    .execute()
                    .close();
            client.newCall(new Request.Builder().url(upstream.url("/")).build())
                    .execute()
                    .close();
            assertThat(seen).hasSize(3);
            assertThat(seen.get(0)).isSameAs(seen.get(1)).isNotSameAs(seen.get(2));
            assertThat(seen.get(0).size()).isEqualTo(2);
            assertThat(seen.get(2).size()).isEqualTo(1);
        } finally {
            StandaloneFactories.shutDown(client);
        }
    }

    @Test
    void theFinalErrorNamesTheEndpointsSelection() throws IOException {
        int closed = Upstreams.closedPort();
        AtomicInteger attempt = new AtomicInteger();
        OkHttpClient client = clientWithInner(chain -> {
            Endpoint endpoint = Endpoint.of("127.0.0.1", closed);
            LogicalCall.of(chain.call()).tried().add(endpoint);
            attempt.incrementAndGet();
            return chain.proceed(chain.request()
                    .newBuilder()
                    .url(endpoint.applyTo(chain.request().url()))
                    .build());
        });
        try {
            Request request = new Request.Builder().url("http://127.0.0.2:9/").build();
            ConnectException thrown = catchThrowableOfType(
                    ConnectException.class, () -> client.newCall(request).execute());
            assertThat(attempt.get()).isEqualTo(3);
            assertThat(thrown)
                    .hasMessageContaining("failed after 3 attempts")
                    .hasMessageContaining(
                            "endpoints tried: 127.0.0.1:" + closed + ", 127.0.0.1:" + closed + ", 127.0.0.1:" + closed);
        } finally {
            StandaloneFactories.shutDown(client);
        }
    }

    @Test
    void anOpenCircuitEndsTheCallWithoutAnotherAttempt() throws IOException {
        AtomicInteger passes = new AtomicInteger();
        OkHttpClient client = clientWithInner(chain -> {
            if (passes.incrementAndGet() > 1) {
                throw new CircuitOpenException("inventory", Instant.parse("2030-01-01T00:00:00Z"));
            }
            return chain.proceed(chain.request());
        });
        try {
            upstream.enqueue(Upstreams.status(503));
            upstream.enqueue(new MockResponse.Builder().body("never reached").build());
            CircuitOpenException thrown = catchThrowableOfType(
                    CircuitOpenException.class,
                    () -> client.newCall(
                                    new Request.Builder().url(upstream.url("/")).build())
                            .execute());
            assertThat(thrown.service()).isEqualTo("inventory");
            assertThat(passes.get())
                    .as("the breaker was asked once more, then nothing")
                    .isEqualTo(2);
            assertThat(upstream.getRequestCount()).isEqualTo(1);
        } finally {
            StandaloneFactories.shutDown(client);
        }
    }

    @Test
    void anOpenCircuitOnTheFirstAttemptIsThrownAsIs() throws IOException {
        CircuitOpenException open = new CircuitOpenException("inventory", Instant.parse("2030-01-01T00:00:00Z"));
        OkHttpClient client = clientWithInner(chain -> {
            throw open;
        });
        try {
            CircuitOpenException thrown = catchThrowableOfType(
                    CircuitOpenException.class,
                    () -> client.newCall(
                                    new Request.Builder().url(upstream.url("/")).build())
                            .execute());
            assertThat(thrown).isSameAs(open);
            assertThat(thrown.getSuppressed()).isEmpty();
            assertThat(upstream.getRequestCount()).isZero();
        } finally {
            StandaloneFactories.shutDown(client);
        }
    }
}
