package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import dev.nala.mode.standalone.fixtures.Metrics;
import java.io.IOException;
import java.util.Map;
import javax.net.SocketFactory;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A healthy endpoint that closes each kept-alive connection right after answering (as an
 * upstream whose idle timeout is shorter than Nala's keep-alive does, in the extreme): the
 * request that meets the closed pooled connection never reached it, so it must cost the caller
 * nothing and count nowhere: no error, no retry, no attempt, no breaker failure, no ejection.
 * The breaker and ejection are set to react to the very first failures they count.
 */
class StaleConnectionTest {
    private static final String SENSITIVE = "nala.services.inventory {"
            + " circuit-breaker { minimum-calls = 4, sliding-window-size = 10, failure-rate-threshold = 20 },"
            + " outlier-detection.consecutive-failures = 1 }\n";
    private static final int CALLS = 20;

    private final Metrics metrics = new Metrics();
    private FixedAnswerUpstream upstream;
    private HttpClientFactory factory;

    @BeforeEach
    void start() throws IOException {
        upstream = FixedAnswerUpstream.closingEveryConnection(200, "OK");
        factory = StandaloneFactories.standalone(
                StandaloneFactories.FAST_BACKOFF + SENSITIVE
                        + "nala.services.inventory { discovery = static, endpoints = [\"127.0.0.1:" + upstream.port()
                        + "\"] }",
                metrics.openTelemetry());
    }

    @AfterEach
    void stop() throws IOException {
        factory.close();
        upstream.close();
        metrics.close();
    }

    private static Request get() {
        return new Request.Builder().url("http://inventory/items").build();
    }

    private static Request post() {
        return new Request.Builder()
                .url("http://inventory/items")
                .post(RequestBody.create("{}", MediaType.get("application/json")))
                .build();
    }

    private void assertCountedNowhere() {
        assertThat(metrics.value("nala.client.retries", Map.of())).isZero();
        assertThat(metrics.value("nala.client.circuit_breaker.transitions", Map.of()))
                .isZero();
        assertThat(metrics.value("nala.client.endpoint.ejections", Map.of())).isZero();
    }

    @Test
    void getsMeetingClosedPooledConnectionsAllSucceedWithOneAttemptEach() throws IOException {
        for (int i = 0; i < CALLS; i++) {
            try (Response response = factory.client().newCall(get()).execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
        }
        assertThat(upstream.requests()).isEqualTo(CALLS);
        assertThat(metrics.value(
                        "nala.client.connection.resends",
                        Map.of("nala.service", "inventory", "nala.resend_reason", "connection_closed")))
                .isEqualTo(CALLS - 1);
        assertCountedNowhere();
    }

    @Test
    void postsAreCheckedBeforeSendingAndGoOutOnANewConnection() throws IOException {
        for (int i = 0; i < CALLS; i++) {
            try (Response response = factory.client().newCall(post()).execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
            upstream.awaitClosedConnections(i + 1);
        }
        assertThat(upstream.requests()).isEqualTo(CALLS);
        assertThat(metrics.value("nala.client.connection.resends", Map.of("nala.resend_reason", "not_sent")))
                .isEqualTo(CALLS - 1);
        assertCountedNowhere();
    }

    @Test
    void postsThatCannotBeResentFailButNeitherRepeatNorCountAgainstTheEndpoint() {
        // With JDK sockets Nala cannot look first: every other POST is written on a connection the
        // endpoint has closed.
        OkHttpClient jdkSockets = factory.client()
                .newBuilder()
                .socketFactory(SocketFactory.getDefault())
                .build();
        int failed = 0;
        for (int i = 0; i < CALLS; i++) {
            try (Response response = jdkSockets.newCall(post()).execute()) {
                assertThat(response.code()).isEqualTo(200);
            } catch (IOException e) {
                failed++;
            }
        }
        assertThat(failed).isEqualTo(CALLS / 2);
        assertThat(upstream.requests()).isEqualTo(CALLS - failed);
        assertThat(metrics.value("nala.client.connection.resends", Map.of())).isZero();
        assertCountedNowhere();
    }
}
