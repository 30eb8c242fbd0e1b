package dev.nala.mode.standalone;

import static dev.nala.mode.standalone.StandaloneFactories.FAST_BACKOFF;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import dev.nala.InboundRequest;
import dev.nala.testing.Enqueued;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** x-request-id: kept from the caller or the inbound request, else new, and the same on every retry. */
class RequestIdTest {
    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private HttpClientFactory factory;
    private MockWebServer upstream;

    @BeforeEach
    void start() throws IOException {
        factory = StandaloneFactories.standalone(FAST_BACKOFF);
        upstream = Upstreams.started();
    }

    @AfterEach
    void stop() {
        factory.close();
        upstream.close();
    }

    private List<String> idsSent(int requests) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            RecordedRequest recorded = upstream.takeRequest(5, TimeUnit.SECONDS);
            assertThat(recorded).isNotNull();
            ids.add(recorded.getHeaders().get("x-request-id"));
        }
        return ids;
    }

    private void callThroughTwoFailures(Request.Builder request) throws IOException {
        upstream.enqueue(Upstreams.status(503));
        upstream.enqueue(Upstreams.status(500));
        upstream.enqueue(new MockResponse.Builder().body("done").build());
        try (Response response =
                factory.client().newCall(request.url(upstream.url("/")).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
    }

    @Test
    void aNewIdIsTheSameOnEveryRetryAndDiffersBetweenCalls() throws Exception {
        callThroughTwoFailures(new Request.Builder());
        List<String> first = idsSent(3);
        assertThat(first.get(0)).matches(UUID_V4);
        assertThat(first).containsOnly(first.get(0));

        callThroughTwoFailures(new Request.Builder());
        List<String> second = idsSent(3);
        assertThat(second).containsOnly(second.get(0));
        assertThat(second.get(0)).isNotEqualTo(first.get(0));
    }

    @Test
    void theCallersIdIsKept() throws Exception {
        callThroughTwoFailures(new Request.Builder().header("X-Request-Id", "caller-id-1"));
        assertThat(idsSent(3)).containsOnly("caller-id-1");
    }

    @Test
    void theInboundRequestsIdIsKept() throws Exception {
        InboundRequest inbound = InboundRequest.of(Map.of("x-request-id", "inbound-id-7")::get);
        try (Scope scope = inbound.makeCurrent()) {
            callThroughTwoFailures(new Request.Builder());
        }
        assertThat(idsSent(3)).containsOnly("inbound-id-7");
    }

    @Test
    void theInboundRequestsIdIsKeptForAsynchronousCalls() throws Exception {
        upstream.enqueue(Upstreams.status(503));
        upstream.enqueue(new MockResponse.Builder().body("done").build());
        CompletableFuture<Integer> code;
        InboundRequest inbound = InboundRequest.of(Map.of("x-request-id", "inbound-async")::get);
        try (Scope scope = inbound.makeCurrent()) {
            code = Enqueued.status(factory.client()
                    .newCall(new Request.Builder().url(upstream.url("/")).build()));
        }
        assertThat(code.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(idsSent(2)).containsOnly("inbound-async");
    }
}
