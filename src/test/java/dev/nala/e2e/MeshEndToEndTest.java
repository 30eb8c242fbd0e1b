package dev.nala.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.DeploymentMode;
import dev.nala.HttpClientFactory;
import dev.nala.InboundRequest;
import dev.nala.e2e.support.Haproxy;
import dev.nala.e2e.support.MeshDns;
import dev.nala.e2e.support.ModeFactories;
import dev.nala.e2e.support.ScriptedUpstream;
import dev.nala.testing.Enqueued;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenario 2: mesh mode end to end. The mode comes from {@code NALA_DEPLOYMENT_MODE=mesh}; the
 * application calls {@code http://payment-service/charge}; Nala turns that into the Kubernetes
 * name, which the test's cluster DNS resolves to a real HAProxy playing the sidecar, which
 * forwards to the upstream. The sidecar here does not retry, so whatever the upstream counts is
 * what the application sent.
 */
class MeshEndToEndTest {
    private static final String INBOUND_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String INBOUND_TRACEPARENT = "00-" + INBOUND_TRACE_ID + "-00f067aa0ba902b7-01";
    private static final String B3_TRACE_ID = "80f198ee56343ba864fe8b2a57d3eff7";

    @TempDir
    Path dir;

    private ScriptedUpstream upstream;
    private Haproxy sidecar;
    private HttpClientFactory factory;
    private final MeshDns dns = MeshDns.clusterLocal();
    /** The headers of each request exactly as the application put it on the wire. */
    private final List<Headers> sent = new CopyOnWriteArrayList<>();

    private OkHttpClient client;

    @BeforeEach
    void start() throws IOException {
        upstream = ScriptedUpstream.start(n -> ScriptedUpstream.ok("charged"));
        sidecar = Haproxy.sidecar(dir, upstream.port(), 0);
        factory = ModeFactories.mesh("nala.services.\"payment-service\".port = " + sidecar.port());
        client = factory.client()
                .newBuilder()
                .dns(dns)
                .addNetworkInterceptor(chain -> {
                    sent.add(chain.request().headers());
                    return chain.proceed(chain.request());
                })
                .build();
    }

    @AfterEach
    void stop() throws IOException {
        // start() may have stopped early on a missing haproxy (an assumption): close what exists.
        if (factory != null) {
            factory.close();
        }
        if (sidecar != null) {
            sidecar.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static InboundRequest inbound() {
        return InboundRequest.of(Map.of(
                "traceparent", List.of(INBOUND_TRACEPARENT),
                "tracestate", List.of("congo=t61rcWkgMzE"),
                "X-Request-Id", List.of("req-42"),
                "x-b3-traceid", List.of(B3_TRACE_ID),
                "x-b3-spanid", List.of("e457b5a2e4d86bd1"),
                "x-b3-sampled", List.of("1"),
                "Authorization", List.of("Bearer not-for-forwarding"),
                "Cookie", List.of("session=not-for-forwarding")));
    }

    @Test
    void aLogicalNameReachesTheUpstreamThroughTheSidecarOnceWithTheTraceContextIntact() throws Exception {
        assertThat(factory.mode()).isEqualTo(DeploymentMode.MESH);

        Scope scope = inbound().makeCurrent();
        try (Response response = client.newCall(new Request.Builder()
                        .url("http://payment-service/charge")
                        .build())
                .execute()) {
            assertThat(response.code()).as(sidecar.log()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("charged");
        } finally {
            scope.close();
        }

        assertThat(upstream.requestCount()).isEqualTo(1);
        assertThat(sent).hasSize(1);
        assertThat(dns.lookups()).containsExactly(ModeFactories.meshName("payment-service"));
        Headers atUpstream = upstream.requestHeaders().get(0);
        Headers fromApp = sent.get(0);

        // The Kubernetes name, through the sidecar unchanged.
        assertThat(atUpstream.get("Host")).isEqualTo(ModeFactories.meshName("payment-service") + ":" + sidecar.port());
        // traceparent: what the application sent is what the upstream got, and it continues the inbound trace.
        String traceparent = fromApp.get("traceparent");
        assertThat(atUpstream.get("traceparent")).isEqualTo(traceparent);
        assertThat(traceparent)
                .matches("00-" + INBOUND_TRACE_ID + "-[0-9a-f]{16}-01")
                .isNotEqualTo(INBOUND_TRACEPARENT);
        assertThat(atUpstream.get("tracestate")).isEqualTo("congo=t61rcWkgMzE");
        // The other inbound tracing headers, forwarded as they arrived.
        assertThat(atUpstream.get("x-request-id")).isEqualTo("req-42");
        assertThat(atUpstream.get("x-b3-traceid")).isEqualTo(B3_TRACE_ID);
        assertThat(atUpstream.get("x-b3-spanid")).isEqualTo("e457b5a2e4d86bd1");
        assertThat(atUpstream.get("x-b3-sampled")).isEqualTo("1");
        // Nothing but tracing headers is carried over from the inbound request.
        assertThat(atUpstream.get("Authorization")).isNull();
        assertThat(atUpstream.get("Cookie")).isNull();
    }

    @Test
    void anAsynchronousCallCarriesTheInboundHeadersOfTheThreadThatEnqueuedIt() throws Exception {
        CompletableFuture<Integer> code;
        Scope scope = inbound().makeCurrent();
        try {
            code = Enqueued.status(client.newCall(
                    new Request.Builder().url("http://payment-service/charge").build()));
        } finally {
            // The call keeps the context it was enqueued in, even once the scope is closed here.
            scope.close();
        }
        assertThat(code.get(20, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(upstream.requestCount()).isEqualTo(1);
        Headers atUpstream = upstream.requestHeaders().get(0);
        assertThat(atUpstream.get("x-request-id")).isEqualTo("req-42");
        assertThat(atUpstream.get("traceparent"))
                .isEqualTo(sent.get(0).get("traceparent"))
                .contains(INBOUND_TRACE_ID);
    }

    @Test
    void withoutAnInboundRequestOrSdkNoTraceparentIsInventedSoTheSidecarCanSampleTheCall() throws Exception {
        try (Response response = client.newCall(new Request.Builder()
                        .url("http://payment-service/charge")
                        .build())
                .execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(upstream.requestCount()).isEqualTo(1);
        assertThat(sent.get(0).get("traceparent")).isNull();
        assertThat(upstream.requestHeaders().get(0).get("traceparent")).isNull();
        assertThat(upstream.requestHeaders().get(0).get("x-request-id")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void aFailingUpstreamGetsExactlyOneAttemptPerCallAndTheCallerGetsTheAnswerAsSent(String method) throws Exception {
        upstream.script(n -> ScriptedUpstream.status(503, "0"));
        Request.Builder request = new Request.Builder().url("http://payment-service/charge");
        if (method.equals("POST")) {
            request.post(RequestBody.create("{\"amount\":5}", MediaType.get("application/json")));
        }
        for (int call = 1; call <= 3; call++) {
            try (Response response = client.newCall(request.build()).execute()) {
                assertThat(response.code()).isEqualTo(503);
                assertThat(response.header("Retry-After")).isEqualTo("0");
            }
            assertThat(upstream.requestCount())
                    .as("after call %d; sidecar log:%n%s", call, sidecar.log())
                    .isEqualTo(call);
        }
        assertThat(sent).hasSize(3);
    }
}
