package dev.nala.mode.standalone;

import static dev.nala.mode.standalone.StandaloneFactories.FAST_BACKOFF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nala.CallOptions;
import dev.nala.CallTimeoutException;
import dev.nala.HttpClientFactory;
import dev.nala.internal.CallDeadline;
import dev.nala.mode.standalone.fixtures.OneShotJsonBody;
import dev.nala.mode.standalone.fixtures.Upstream;
import dev.nala.testing.Enqueued;
import dev.nala.testing.NoDelayServerSockets;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-call options in standalone mode: {@code idempotent()} lets a POST be retried like a GET,
 * {@code noRetries()} makes a GET a single attempt, and a per-call timeout cuts the call short
 * (every attempt and backoff, the discovery wait too) but never lengthens the service's
 * {@code call-timeout}. Each test has the call without the option alongside, or a bound only
 * the option can meet, so that it fails if the option stops working.
 */
class CallOptionsTest {
    private static final MediaType JSON = MediaType.get("application/json");
    /** Far beyond any bound the tests allow: a call that waits this long ignored its options. */
    private static final String LONG_CALL_TIMEOUT = "call-timeout = 10s";

    private Upstream upstream;
    private HttpClientFactory factory;

    @BeforeEach
    void start() {
        upstream = Upstream.start();
    }

    @AfterEach
    void stop() {
        if (factory != null) {
            factory.close();
        }
        upstream.close();
    }

    /** A factory whose service {@code payments} lives at the upstream, with {@code settings} of its own. */
    private HttpClientFactory payments(String settings) {
        factory = StandaloneFactories.standalone(FAST_BACKOFF + "nala.services.payments { discovery = static, "
                + "endpoints = [\"" + upstream.endpoint() + "\"], " + settings + " }\n");
        return factory;
    }

    private static Request.Builder toPayments() {
        return new Request.Builder().url("http://payments/charge");
    }

    private static Request.Builder with(Request.Builder request, CallOptions options) {
        return request.tag(CallOptions.class, options);
    }

    private int send(Request request) throws IOException {
        try (Response response = factory.client().newCall(request).execute()) {
            response.body().string();
            return response.code();
        }
    }

    @Test
    void anIdempotentPostIsRetriedLikeAGet() throws IOException {
        payments("retry.max-attempts = 3");
        upstream.answer(n -> n == 1 ? 503 : 200);
        Request post = with(
                        toPayments().post(RequestBody.create("{\"amount\":5}", JSON)),
                        CallOptions.builder().idempotent().build())
                .build();
        assertThat(send(post)).isEqualTo(200);
        assertThat(upstream.hits()).isEqualTo(2);
    }

    @Test
    void thePostWithoutTheOptionIsSentOnce() throws IOException {
        payments("retry.max-attempts = 3");
        upstream.answer(n -> n == 1 ? 503 : 200);
        assertThat(send(toPayments()
                        .post(RequestBody.create("{\"amount\":5}", JSON))
                        .build()))
                .isEqualTo(503);
        assertThat(upstream.hits()).isEqualTo(1);
    }

    @Test
    void anIdempotentOneShotBodyIsStillNeverWrittenTwice() throws IOException {
        payments("retry.max-attempts = 3");
        upstream.answer(503);
        OneShotJsonBody oneShot = new OneShotJsonBody();
        Request post = with(
                        toPayments().post(oneShot),
                        CallOptions.builder().idempotent().build())
                .build();
        assertThat(send(post)).isEqualTo(503);
        assertThat(upstream.hits()).isEqualTo(1);
        assertThat(oneShot.writes()).isEqualTo(1);
    }

    @Test
    void aGetWithNoRetriesIsSentOnce() throws IOException {
        payments("retry.max-attempts = 3");
        upstream.answer(503);
        Request get = with(toPayments().get(), CallOptions.builder().noRetries().build())
                .build();
        assertThat(send(get)).isEqualTo(503);
        assertThat(upstream.hits()).isEqualTo(1);
        // The same GET without the option: the service's three attempts.
        assertThat(send(toPayments().get().build())).isEqualTo(503);
        assertThat(upstream.hits()).isEqualTo(1 + 3);
    }

    @Test
    void noRetriesWinsOverIdempotent() throws IOException {
        payments("retry.max-attempts = 3");
        upstream.answer(503);
        Request post = with(
                        toPayments().post(RequestBody.create("{}", JSON)),
                        CallOptions.builder().idempotent().noRetries().build())
                .build();
        assertThat(send(post)).isEqualTo(503);
        assertThat(upstream.hits()).isEqualTo(1);
    }

    @Test
    void aShorterTimeoutCutsAStalledCallWithOkHttpsTimeout() {
        payments(LONG_CALL_TIMEOUT);
        upstream.hold();
        Call call = factory.client()
                .newCall(with(
                                toPayments(),
                                CallOptions.builder()
                                        .timeout(Duration.ofMillis(200))
                                        .build())
                        .build());
        long started = System.nanoTime();
        Throwable failure = catchThrowable(call::execute);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(failure).isExactlyInstanceOf(InterruptedIOException.class).hasMessage("timeout");
        assertThat(took).as("well before the service's 10 s").isLessThan(Duration.ofSeconds(5));
        assertThat(CallDeadline.timeoutOf(call)).isEqualTo(Duration.ofMillis(200));
        assertThat(upstream.hits()).as("a call that timed out is not retried").isEqualTo(1);
    }

    @Test
    void aShorterTimeoutCutsAnEnqueuedCallTheSameWay() throws Exception {
        payments(LONG_CALL_TIMEOUT);
        upstream.hold();
        Call call = factory.client()
                .newCall(with(
                                toPayments(),
                                CallOptions.builder()
                                        .timeout(Duration.ofMillis(200))
                                        .build())
                        .build());
        long started = System.nanoTime();
        IOException failure = enqueueExpectingFailure(call);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(failure).isExactlyInstanceOf(InterruptedIOException.class).hasMessage("timeout");
        assertThat(CallDeadline.timeoutOf(call)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aLongerTimeoutIsBoundedByTheServicesCallTimeout() {
        payments("call-timeout = 300ms");
        upstream.hold();
        Call call = factory.client()
                .newCall(with(
                                toPayments(),
                                CallOptions.builder()
                                        .timeout(Duration.ofSeconds(30))
                                        .build())
                        .build());
        long started = System.nanoTime();
        Throwable failure = catchThrowable(call::execute);
        // Had the option lengthened the deadline, the call would still be held here.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(failure).isExactlyInstanceOf(InterruptedIOException.class).hasMessage("timeout");
        assertThat(CallDeadline.timeoutOf(call)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aLongerTimeoutOfAnEnqueuedCallIsBoundedTheSameWay() throws Exception {
        payments("call-timeout = 300ms");
        upstream.hold();
        Call call = factory.client()
                .newCall(with(
                                toPayments(),
                                CallOptions.builder()
                                        .timeout(Duration.ofSeconds(30))
                                        .build())
                        .build());
        long started = System.nanoTime();
        IOException failure = enqueueExpectingFailure(call);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(failure).isExactlyInstanceOf(InterruptedIOException.class).hasMessage("timeout");
        assertThat(CallDeadline.timeoutOf(call)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aShorterTimeoutAlsoBoundsTheWaitBeforeARetry() throws IOException {
        // Retry-After: 1 fits in the service's 10 s but not in the call's own 300 ms: the loop stops
        // at once with the response rather than sleeping into the deadline.
        factory = StandaloneFactories.standalone(FAST_BACKOFF);
        try (MockWebServer server = new MockWebServer()) {
            server.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
            server.start(InetAddress.getLoopbackAddress(), 0);
            server.enqueue(new MockResponse.Builder()
                    .code(503)
                    .addHeader("Retry-After", "1")
                    .build());
            server.enqueue(new MockResponse.Builder().body("done").build());
            Request get = with(
                            new Request.Builder().url(server.url("/")),
                            CallOptions.builder()
                                    .timeout(Duration.ofMillis(300))
                                    .build())
                    .build();
            try (Response response = factory.client().newCall(get).execute()) {
                assertThat(response.code()).isEqualTo(503);
            }
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void aShorterTimeoutBoundsTheWaitForDiscovery() throws IOException {
        // A Consul that accepts connections and never answers: the call waits for discovery's
        // first answer (up to 5 s) until its own deadline.
        try (ServerSocket silentConsul = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            factory = StandaloneFactories.standalone("nala.consul.address = \"http://127.0.0.1:"
                    + silentConsul.getLocalPort() + "\"\nnala.services.inventory." + LONG_CALL_TIMEOUT + "\n");
            Request request = with(
                            new Request.Builder().url("http://inventory/items"),
                            CallOptions.builder()
                                    .timeout(Duration.ofMillis(300))
                                    .build())
                    .build();
            long started = System.nanoTime();
            Throwable failure =
                    catchThrowable(() -> factory.client().newCall(request).execute());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(failure).isInstanceOf(CallTimeoutException.class).hasMessageContaining("300ms");
        }
    }

    private static IOException enqueueExpectingFailure(Call call) throws Exception {
        return Enqueued.failure(call).get(20, TimeUnit.SECONDS);
    }
}
