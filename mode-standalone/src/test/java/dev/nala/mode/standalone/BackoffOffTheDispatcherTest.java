package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.nala.HttpClientFactory;
import dev.nala.mode.standalone.fixtures.Upstream;
import dev.nala.testing.Enqueued;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call waiting out a retry's backoff: with {@code enqueue()} it does not keep other services'
 * calls waiting for the dispatcher, and {@code cancel()} ends it without waiting the backoff out,
 * from either {@code enqueue()} or {@code execute()}.
 */
class BackoffOffTheDispatcherTest {
    /** Every request to the failing service is told to come back in this many seconds. */
    private static final int RETRY_AFTER_SECONDS = 5;

    private final AtomicInteger failingHits = new AtomicInteger();
    private MockWebServer failing;
    private Upstream healthy;

    @BeforeEach
    void start() throws IOException {
        failing = Upstreams.started();
        failing.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                failingHits.incrementAndGet();
                return new MockResponse.Builder()
                        .code(503)
                        .addHeader("Retry-After", RETRY_AFTER_SECONDS)
                        .build();
            }
        });
        healthy = Upstream.start();
    }

    @AfterEach
    void stop() {
        failing.close();
        healthy.close();
    }

    private HttpClientFactory factory(String dispatcher) {
        return StandaloneFactories.standalone(dispatcher
                + "nala.services.failing { discovery = static, endpoints = [\"127.0.0.1:" + failing.getPort()
                + "\"] }\n"
                + "nala.services.healthy { discovery = static, endpoints = [\"" + healthy.endpoint() + "\"] }\n");
    }

    private static Call get(HttpClientFactory factory, String url) {
        return factory.client().newCall(new Request.Builder().url(url).build());
    }

    @Test
    void callsWaitingOutABackoffDoNotHoldUpAnotherServicesAsyncCalls() throws Exception {
        try (HttpClientFactory factory = factory("nala.dispatcher { max-requests = 4, max-requests-per-host = 4 }\n")) {
            List<CompletableFuture<Integer>> backingOff = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                backingOff.add(Enqueued.status(get(factory, "http://failing/" + i)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> failingHits.get() == 4);

            CompletableFuture<Integer> other = Enqueued.status(get(factory, "http://healthy/"));

            assertThat(other.get(RETRY_AFTER_SECONDS * 3L, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(backingOff)
                    .as("the failing service's calls are still in their backoff")
                    .noneMatch(CompletableFuture::isDone);
            assertThat(failingHits).as("and have sent nothing more").hasValue(4);
            await().atMost(Duration.ofSeconds(RETRY_AFTER_SECONDS - 1))
                    .untilAsserted(
                            () -> assertThat(factory.client().dispatcher().getMaxRequests())
                                    .as("four places lent")
                                    .isEqualTo(8));
            for (CompletableFuture<Integer> each : backingOff) {
                assertThat(each.get(RETRY_AFTER_SECONDS * 3L, TimeUnit.SECONDS)).isEqualTo(503);
            }
            assertThat(factory.client().dispatcher().getMaxRequests())
                    .as("every place taken back")
                    .isEqualTo(4);
        }
    }

    @Test
    void cancelDuringTheBackoffEndsAnAsyncCallAtOnce() throws Exception {
        try (HttpClientFactory factory = factory("")) {
            Call call = get(factory, "http://failing/");
            CompletableFuture<IOException> failure = Enqueued.failure(call);
            await().atMost(Duration.ofSeconds(10)).until(() -> failingHits.get() == 1);
            long canceledAt = System.nanoTime();
            call.cancel();

            assertThat(failure.get(RETRY_AFTER_SECONDS * 3L, TimeUnit.SECONDS)).hasMessageContaining("Canceled");
            assertThat(Duration.ofNanos(System.nanoTime() - canceledAt))
                    .as("well before the backoff's end")
                    .isLessThan(Duration.ofSeconds(RETRY_AFTER_SECONDS - 1));
            assertThat(failingHits).as("nothing sent after the cancel").hasValue(1);
        }
    }

    @Test
    void cancelDuringTheBackoffEndsAnExecutedCallAtOnce() throws Exception {
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (HttpClientFactory factory = factory("")) {
            Call call = get(factory, "http://failing/");
            Future<Integer> outcome = caller.submit(() -> {
                try (Response response = call.execute()) {
                    return response.code();
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> failingHits.get() == 1);
            long canceledAt = System.nanoTime();
            call.cancel();

            assertThat(catchThrowable(() -> outcome.get(RETRY_AFTER_SECONDS * 3L, TimeUnit.SECONDS)))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Canceled");
            assertThat(Duration.ofNanos(System.nanoTime() - canceledAt))
                    .as("well before the backoff's end")
                    .isLessThan(Duration.ofSeconds(RETRY_AFTER_SECONDS - 1));
            assertThat(failingHits).as("nothing sent after the cancel").hasValue(1);
        } finally {
            caller.shutdownNow();
        }
    }
}
