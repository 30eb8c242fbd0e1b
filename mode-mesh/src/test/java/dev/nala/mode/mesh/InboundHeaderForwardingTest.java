package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import dev.nala.InboundRequest;
import dev.nala.testing.Enqueued;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inbound request's tracing headers go out on every call made while handling it, on any thread the context reaches. */
class InboundHeaderForwardingTest {
    private static final Map<String, List<String>> ISTIO_HEADERS = Map.of(
            "X-Request-Id", List.of("7f3c2a9e-1b2d-4c5e-8f90-a1b2c3d4e5f6"),
            "X-B3-TraceId", List.of("80f198ee56343ba864fe8b2a57d3eff7"),
            "X-B3-SpanId", List.of("e457b5a2e4d86bd1"),
            "X-B3-ParentSpanId", List.of("05e3ac9a4f6e3b90"),
            "X-B3-Sampled", List.of("1"),
            "X-Ot-Span-Context", List.of("legacy"),
            "Authorization", List.of("Bearer never-forwarded"));

    private final MockWebServer upstream = new MockWebServer();
    private HttpClientFactory factory;

    @BeforeEach
    void start() throws IOException {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        factory = MeshFactories.mesh();
    }

    @AfterEach
    void stop() {
        factory.close();
        upstream.close();
    }

    private Request.Builder request() {
        upstream.enqueue(new MockResponse.Builder().build());
        return new Request.Builder().url(upstream.url("/charge"));
    }

    private Headers execute(OkHttpClient client, Request request) throws Exception {
        try (Response response = client.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        return upstream.takeRequest(5, TimeUnit.SECONDS).getHeaders();
    }

    private Headers enqueue(OkHttpClient client, Request request) throws Exception {
        CompletableFuture<Integer> done;
        done = Enqueued.status(client.newCall(request));
        assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        return upstream.takeRequest(5, TimeUnit.SECONDS).getHeaders();
    }

    private static void assertForwarded(Headers headers) {
        assertThat(headers.get("x-request-id")).isEqualTo("7f3c2a9e-1b2d-4c5e-8f90-a1b2c3d4e5f6");
        assertThat(headers.get("x-b3-traceid")).isEqualTo("80f198ee56343ba864fe8b2a57d3eff7");
        assertThat(headers.get("x-b3-spanid")).isEqualTo("e457b5a2e4d86bd1");
        assertThat(headers.get("x-b3-parentspanid")).isEqualTo("05e3ac9a4f6e3b90");
        assertThat(headers.get("x-b3-sampled")).isEqualTo("1");
        assertThat(headers.get("x-ot-span-context")).isEqualTo("legacy");
        assertThat(headers.get("authorization")).isNull();
    }

    @Test
    void forwardsTheInboundHeadersOnTheHandlingThread() throws Exception {
        try (Scope scope = InboundRequest.of(ISTIO_HEADERS).makeCurrent()) {
            assertForwarded(execute(factory.client(), request().build()));
        }
    }

    @Test
    void forwardsNothingOutsideAnInboundRequest() throws Exception {
        Headers headers = execute(factory.client(), request().build());
        assertThat(headers.get("x-request-id")).isNull();
        assertThat(headers.get("x-b3-traceid")).isNull();
    }

    @Test
    void forwardsAcrossAnExecutorHandOffThatCarriesTheContext() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ExecutorService wrapped = Context.taskWrapping(pool);
        try (Scope scope = InboundRequest.of(ISTIO_HEADERS).makeCurrent()) {
            Request first = request().build();
            assertForwarded(
                    wrapped.submit(() -> execute(factory.client(), first)).get(10, TimeUnit.SECONDS));
            Request second = request().build();
            assertForwarded(pool.submit(Context.current().wrap(() -> execute(factory.client(), second)))
                    .get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void forwardsOnAsynchronousCallsRunOnOkHttpsDispatcher() throws Exception {
        try (Scope scope = InboundRequest.of(ISTIO_HEADERS).makeCurrent()) {
            assertForwarded(enqueue(factory.client(), request().build()));
        }
    }

    @Test
    void aDerivedClientThatReplacesTheEventListenerStillForwardsOnAsynchronousCalls() throws Exception {
        // The factory's dispatcher, which a derived client shares, carries the caller's context.
        OkHttpClient derived =
                factory.client().newBuilder().eventListener(EventListener.NONE).build();
        try (Scope scope = InboundRequest.of(ISTIO_HEADERS).makeCurrent()) {
            assertForwarded(enqueue(derived, request().build()));
            assertForwarded(execute(derived, request().build()));
        }
    }

    @Test
    void neverReplacesAHeaderTheCallerSet() throws Exception {
        try (Scope scope = InboundRequest.of(ISTIO_HEADERS).makeCurrent()) {
            Headers headers = execute(
                    factory.client(),
                    request().header("X-Request-Id", "caller-chose-this").build());
            assertThat(headers.values("x-request-id")).containsExactly("caller-chose-this");
            assertThat(headers.get("x-b3-traceid")).isEqualTo("80f198ee56343ba864fe8b2a57d3eff7");
        }
    }

    @Test
    void b3HeadersGoAsASetSoTwoB3ContextsNeverMix() throws Exception {
        try (Scope scope = InboundRequest.of(ISTIO_HEADERS).makeCurrent()) {
            Headers headers = execute(
                    factory.client(),
                    request()
                            .header("b3", "a3ce929d0e0e4736-00f067aa0ba902b7-1")
                            .build());
            assertThat(headers.values("b3")).containsExactly("a3ce929d0e0e4736-00f067aa0ba902b7-1");
            assertThat(headers.get("x-b3-traceid")).isNull();
            assertThat(headers.get("x-b3-spanid")).isNull();
            assertThat(headers.get("x-request-id")).isEqualTo("7f3c2a9e-1b2d-4c5e-8f90-a1b2c3d4e5f6");
        }
    }
}
