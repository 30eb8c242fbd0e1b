package dev.nala.mode.standalone;

import static dev.nala.mode.standalone.fixtures.TestContexts.staticService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nala.ConcurrencyLimitException;
import dev.nala.HttpClientFactory;
import dev.nala.mode.standalone.fixtures.Callers;
import dev.nala.mode.standalone.fixtures.Metrics;
import dev.nala.mode.standalone.fixtures.Upstream;
import dev.nala.testing.Enqueued;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adaptive concurrency limit ({@code concurrency-limit}) over real upstreams on 127.0.0.1. */
class ConcurrencyLimitTest {
    private final Upstream upstream = Upstream.start();
    private final Metrics metrics = new Metrics();
    private HttpClientFactory factory;

    @AfterEach
    void stop() {
        upstream.release();
        if (factory != null) {
            factory.close();
        }
        upstream.close();
    }

    /** A service "orders" on the upstream whose limit starts, and stays, at two. */
    private HttpClientFactory limitedToTwo(String limitSettings) {
        factory = StandaloneFactories.standalone(
                staticService(
                        "orders",
                        List.of(upstream),
                        "concurrency-limit { enabled = true, initial = 2, min = 2, max = 2, " + limitSettings + " }"),
                metrics.openTelemetry());
        return factory;
    }

    private CompletableFuture<Integer> enqueue(String path) {
        return Enqueued.status(factory.client()
                .newCall(new Request.Builder().url("http://orders" + path).build()));
    }

    private CompletableFuture<IOException> enqueueFailing(String path) {
        return Enqueued.failure(factory.client()
                .newCall(new Request.Builder().url("http://orders" + path).build()));
    }

    private long rejections(String reason) {
        return metrics.value(
                "nala.client.concurrency.rejections",
                Map.of("nala.service", "orders", "nala.rejection_reason", reason));
    }

    private void twoHeld() {
        upstream.hold();
        enqueue("/1");
        enqueue("/2");
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.hits() == 2);
    }

    @Test
    void overTheLimitAnAttemptFailsAtOnceWhenToldToAndIsNotRetried() throws Exception {
        limitedToTwo("when-exceeded = fail");
        twoHeld();

        IOException refused = enqueueFailing("/3").get(10, TimeUnit.SECONDS);

        assertThat(refused)
                .isInstanceOf(ConcurrencyLimitException.class)
                .hasMessageContaining(
                        "Service \"orders\" is at its concurrency limit (2 attempt(s) in flight, limit 2 from"
                                + " nala.services.\"orders\".concurrency-limit)")
                .hasMessageContaining("when-exceeded = fail");
        assertThat(((ConcurrencyLimitException) refused).service()).isEqualTo("orders");
        assertThat(((ConcurrencyLimitException) refused).limit()).isEqualTo(2);
        assertThat(upstream.hits()).as("nothing sent, nothing retried").isEqualTo(2);
        assertThat(rejections("over_limit")).isEqualTo(1);
        assertThat(metrics.value("nala.client.concurrency.limit", Map.of("nala.service", "orders")))
                .isEqualTo(2);
    }

    @Test
    void overTheLimitAnAttemptWaitsForAPlaceAndABoundedNumberWait() throws Exception {
        limitedToTwo("when-exceeded = wait, max-queued = 1, max-wait = 20s");
        twoHeld();
        CompletableFuture<Integer> waiting = enqueue("/3");
        await().atMost(Duration.ofSeconds(10)).until(() -> queued() == 1);

        IOException refused = enqueueFailing("/4").get(10, TimeUnit.SECONDS);
        assertThat(refused)
                .isInstanceOf(ConcurrencyLimitException.class)
                .hasMessageContaining(
                        "1 attempt(s) were already waiting (nala.services.\"orders\".concurrency-limit.max-queued)");
        assertThat(waiting).isNotDone();
        assertThat(upstream.hits()).isEqualTo(2);

        upstream.release();
        assertThat(waiting.get(10, TimeUnit.SECONDS))
                .as("sent once a place freed up")
                .isEqualTo(200);
        assertThat(upstream.hits()).isEqualTo(3);
        assertThat(rejections("queue_full")).isEqualTo(1);
    }

    /** Waiting attempts, seen from the dispatcher: their calls run, but the upstream has not seen them. */
    private int queued() {
        return factory.client().dispatcher().runningCallsCount() - upstream.hits();
    }

    @Test
    void aWaitingAttemptGivesUpAfterMaxWaitAndAnExecutedCallWaitsToo() throws Exception {
        limitedToTwo("when-exceeded = wait, max-wait = 300ms");
        twoHeld();
        long start = System.nanoTime();
        IOException refused;
        try (Response response = factory.client()
                .newCall(new Request.Builder().url("http://orders/3").build())
                .execute()) {
            throw new AssertionError("sent over the limit: " + response);
        } catch (ConcurrencyLimitException e) {
            refused = e;
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(refused)
                .hasMessageContaining(
                        "no place freed up within 300ms" + " (nala.services.\"orders\".concurrency-limit.max-wait)");
        assertThat(upstream.hits()).isEqualTo(2);
        assertThat(rejections("wait_timeout")).isEqualTo(1);
    }

    /**
     * A second of answers at about 1 ms gives Gradient2 its long-run latency; then every answer
     * takes 200 ms, far longer than that average, and each one moves the limit a tenth of the way
     * toward 8 (half the limit plus Gradient2's headroom of 4, smoothed by 0.2), so two seconds of
     * them bring it from 20 to 10 or below. Sixteen callers: Gradient2 leaves the limit alone while
     * fewer than half of it are in flight (the limit then holds nobody back). Whether the limit
     * grows in the first second depends on how steady the machine's latencies are (growth needs
     * answers no slower than the average), so it is not asserted.
     */
    @Test
    void theLimitShrinksWhenTheServiceSlowsDown() throws Exception {
        factory = StandaloneFactories.standalone(
                staticService(
                        "orders",
                        List.of(upstream),
                        "concurrency-limit { enabled = true, initial = 20, min = 2, max = 20, max-wait = 20s }"),
                metrics.openTelemetry());
        Callers.repeat(16, Duration.ofSeconds(1), this::getOrders);
        long whileFast = limit();
        upstream.delay(200);
        Callers.repeat(16, Duration.ofSeconds(2), this::getOrders);
        assertThat(limit())
                .as("limit after the service went from about 1 ms to 200 ms (it was %d, it started at 20)", whileFast)
                .isLessThanOrEqualTo(10);
        assertThat(rejections("wait_timeout") + rejections("queue_full"))
                .as("the callers waited, none was refused")
                .isZero();
    }

    private void getOrders() throws IOException {
        try (Response response = factory.client()
                .newCall(new Request.Builder().url("http://orders/").build())
                .execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
    }

    private long limit() {
        return metrics.value("nala.client.concurrency.limit", Map.of("nala.service", "orders"));
    }
}
