package dev.nala.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nala.HttpClientFactory;
import dev.nala.e2e.support.MeshDns;
import dev.nala.e2e.support.ModeFactories;
import dev.nala.e2e.support.RetryingSidecar;
import dev.nala.e2e.support.ScriptedUpstream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The deadline handed to the sidecar: behind a sidecar that retries 5xx up to 10 times, an
 * upstream that answers 503 after 200 ms sees at most 3 tries within a 500 ms call-timeout when
 * mesh mode sends {@code x-envoy-upstream-rq-timeout-ms}, and all 10 when it does not.
 */
class SidecarDeadlineEndToEndTest {
    private static final int SIDECAR_ATTEMPTS = 10;
    private static final long UPSTREAM_DELAY_MILLIS = 200;
    private static final long CALL_TIMEOUT_MILLIS = 500;

    @Test
    void theSidecarStopsRetryingAtTheCallersDeadline() throws Exception {
        Outcome handed = callThroughRetryingSidecar(true);
        Outcome withheld = callThroughRetryingSidecar(false);
        System.out.printf(
                "sidecar deadline: with the header (%s ms) the upstream saw %d requests; without it, %d%n",
                handed.deadlineHeader(), handed.upstreamRequests(), withheld.upstreamRequests());

        assertThat(Long.parseLong(handed.deadlineHeader())).isBetween(1L, CALL_TIMEOUT_MILLIS);
        // Each try takes at least 200 ms, and none starts after the 500 ms deadline.
        assertThat(handed.upstreamRequests()).isBetween(1, 3);
        assertThat(withheld.deadlineHeader()).isNull();
        assertThat(withheld.upstreamRequests()).isEqualTo(SIDECAR_ATTEMPTS);
        assertThat(handed.upstreamRequests()).isLessThan(withheld.upstreamRequests());
    }

    @Test
    void aStandaloneCallSendsNoDeadlineHeader() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start(n -> ScriptedUpstream.ok("ok"));
                HttpClientFactory factory = ModeFactories.standalone("nala.services.\"payment-service\" {"
                        + " discovery = static, endpoints = [\"127.0.0.1:" + upstream.port() + "\"] }")) {
            try (Response response = factory.client()
                    .newCall(new Request.Builder()
                            .url("http://payment-service/charge")
                            .build())
                    .execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
            assertThat(upstream.requestHeaders()).hasSize(1);
            assertThat(upstream.requestHeaders().get(0).get(RetryingSidecar.DEADLINE_HEADER))
                    .isNull();
        }
    }

    private record Outcome(String deadlineHeader, int upstreamRequests) {}

    private static Outcome callThroughRetryingSidecar(boolean handDeadline) throws Exception {
        MockResponse slowFailure = new MockResponse.Builder()
                .code(503)
                .headersDelay(UPSTREAM_DELAY_MILLIS, TimeUnit.MILLISECONDS)
                .build();
        try (ScriptedUpstream upstream = ScriptedUpstream.start(n -> slowFailure);
                RetryingSidecar sidecar =
                        RetryingSidecar.start(upstream.port(), SIDECAR_ATTEMPTS, Duration.ofSeconds(1));
                HttpClientFactory factory = ModeFactories.mesh("nala.services.\"payment-service\" { port = "
                        + sidecar.port() + ", call-timeout = " + CALL_TIMEOUT_MILLIS + "ms, sidecar-deadline = "
                        + handDeadline + " }")) {
            OkHttpClient client =
                    factory.client().newBuilder().dns(MeshDns.clusterLocal()).build();
            try (Response response = client.newCall(new Request.Builder()
                            .url("http://payment-service/charge")
                            .build())
                    .execute()) {
                // The sidecar's 504 may come just before Nala's own deadline fires.
                assertThat(response.code()).isEqualTo(504);
            } catch (IOException timedOut) {
                assertThat(timedOut).hasMessage("timeout");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> sidecar.finished() == 1);
            return new Outcome(sidecar.deadlines().get(0), upstream.requestCount());
        }
    }
}
