package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nala.HttpClientFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import okhttp3.ConnectionPool;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * 1,000 calls that each fail three times leave nothing behind: every failed attempt's response
 * is closed before the next attempt, so the attempts reuse one pooled connection instead of
 * each holding its own, and the pool and the thread count end where they started.
 */
class ConnectionLeakTest {
    private static final int CALLS = 1000;

    @Test
    void failingCallsReleaseEveryConnection() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (FixedAnswerUpstream upstream = new FixedAnswerUpstream(503, "Service Unavailable");
                HttpClientFactory factory = StandaloneFactories.standalone(
                        "nala.defaults.retry { backoff { initial = 0ms, max = 0ms }, budget.enabled = false }\n")) {
            Request request = new Request.Builder()
                    .url("http://127.0.0.1:" + upstream.port() + "/fail")
                    .build();
            try (Response warmUp = factory.client().newCall(request).execute()) {
                assertThat(warmUp.code()).isEqualTo(503);
            }
            int baselineThreads = threads.getThreadCount();

            for (int i = 0; i < CALLS; i++) {
                try (Response response = factory.client().newCall(request).execute()) {
                    assertThat(response.code()).isEqualTo(503);
                }
            }

            assertThat(upstream.requests()).isEqualTo(3 * (CALLS + 1));
            assertThat(upstream.connections())
                    .as("connections the upstream accepted")
                    .isLessThanOrEqualTo(2);
            ConnectionPool pool = factory.client().connectionPool();
            assertThat(pool.connectionCount()).isLessThanOrEqualTo(2);
            assertThat(pool.idleConnectionCount())
                    .as("none still held by a response")
                    .isEqualTo(pool.connectionCount());
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(threads.getThreadCount()).isLessThanOrEqualTo(baselineThreads + 3));
        }
    }

    @Test
    void failingCallsThatThrowLeaveNoConnectionOrThreadBehind() throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int port = Upstreams.closedPort();
        try (HttpClientFactory factory = StandaloneFactories.standalone(
                "nala.defaults.retry { backoff { initial = 0ms, max = 0ms }, budget.enabled = false }\n")) {
            Request request =
                    new Request.Builder().url("http://127.0.0.1:" + port + "/").build();
            int baselineThreads = threads.getThreadCount();
            int failures = 0;
            for (int i = 0; i < CALLS; i++) {
                try (Response response = factory.client().newCall(request).execute()) {
                    assertThat(response).as("no response from a closed port").isNull();
                } catch (IOException expected) {
                    failures++;
                }
            }
            assertThat(failures).isEqualTo(CALLS);
            assertThat(factory.client().connectionPool().connectionCount()).isZero();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(threads.getThreadCount()).isLessThanOrEqualTo(baselineThreads + 3));
        }
    }
}
