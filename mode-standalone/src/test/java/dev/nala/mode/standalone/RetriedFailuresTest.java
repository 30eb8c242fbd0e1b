package dev.nala.mode.standalone;

import static dev.nala.mode.standalone.StandaloneFactories.FAST_BACKOFF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.nala.HttpClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each failure the retry loop repeats, counted at the upstream, through the factory's client. */
class RetriedFailuresTest {
    private HttpClientFactory factory;
    private MockWebServer upstream;

    @BeforeEach
    void start() throws IOException {
        factory = StandaloneFactories.standalone(FAST_BACKOFF + "nala.defaults.per-try-timeout = 1s\n");
        upstream = Upstreams.started();
    }

    @AfterEach
    void stop() {
        factory.close();
        upstream.close();
    }

    private Response get() throws IOException {
        return factory.client()
                .newCall(new Request.Builder().url(upstream.url("/orders")).build())
                .execute();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 429})
    void aRetryableStatusIsRetriedUntilItSucceeds(int code) throws IOException {
        upstream.enqueue(Upstreams.status(code));
        upstream.enqueue(Upstreams.status(code));
        upstream.enqueue(new MockResponse.Builder().body("done").build());
        try (Response response = get()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("done");
        }
        assertThat(upstream.getRequestCount()).isEqualTo(3);
    }

    @Test
    void whenAttemptsRunOutTheLastResponseIsReturned() throws IOException {
        upstream.enqueue(new MockResponse.Builder().code(503).body("first").build());
        upstream.enqueue(new MockResponse.Builder().code(503).body("second").build());
        upstream.enqueue(new MockResponse.Builder().code(503).body("third").build());
        upstream.enqueue(new MockResponse.Builder().body("never reached").build());
        try (Response response = get()) {
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.body().string()).isEqualTo("third");
        }
        assertThat(upstream.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aConnectionClosedBeforeTheResponseIsRetried() throws IOException {
        upstream.enqueue(new MockResponse.Builder()
                .onResponseStart(new SocketEffect.CloseSocket())
                .build());
        upstream.enqueue(new MockResponse.Builder()
                .onResponseStart(new SocketEffect.CloseSocket())
                .build());
        upstream.enqueue(new MockResponse.Builder().body("done").build());
        try (Response response = get()) {
            assertThat(response.body().string()).isEqualTo("done");
        }
        assertThat(upstream.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aTimeoutBeforeTheFirstResponseByteIsRetried() throws IOException {
        upstream.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());
        upstream.enqueue(new MockResponse.Builder().body("done").build());
        try (Response response = get()) {
            assertThat(response.body().string()).isEqualTo("done");
        }
        assertThat(upstream.getRequestCount()).isEqualTo(2);
    }

    @Test
    void timeoutsOnEveryAttemptEndInATimeoutNamingTheAttempts() throws IOException {
        for (int i = 0; i < 3; i++) {
            upstream.enqueue(new MockResponse.Builder()
                    .onResponseStart(SocketEffect.Stall.INSTANCE)
                    .build());
        }
        SocketTimeoutException thrown = catchThrowableOfType(SocketTimeoutException.class, this::get);
        assertThat(thrown).hasMessageContaining("failed after 3 attempts (attempts exhausted)");
        assertThat(thrown.getCause()).isInstanceOf(SocketTimeoutException.class);
        assertThat(thrown.getSuppressed())
                .hasSize(2)
                .allSatisfy(e -> assertThat(e).isInstanceOf(SocketTimeoutException.class));
        assertThat(upstream.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aRefusedConnectionIsRetriedAndTheErrorNamesServiceAttemptsAndEndpoint() throws IOException {
        int port = Upstreams.closedPort();
        AtomicInteger connects = new AtomicInteger();
        Call call = factory.client()
                .newCall(new Request.Builder()
                        .url("http://127.0.0.1:" + port + "/x")
                        .build());
        call.addEventListener(new EventListener() {
            @Override
            public void connectStart(Call c, InetSocketAddress address, Proxy proxy) {
                connects.incrementAndGet();
            }
        });
        ConnectException thrown = catchThrowableOfType(ConnectException.class, call::execute);
        assertThat(connects.get()).isEqualTo(3);
        assertThat(thrown)
                .hasMessageStartingWith("Call to '127.0.0.1:" + port + "' failed after 3 attempts (attempts exhausted)")
                .hasMessageContaining("sent to 127.0.0.1:" + port + " as written in the URL")
                .hasMessageContaining("last error: java.net.ConnectException");
        assertThat(thrown.getCause()).isInstanceOf(ConnectException.class);
        assertThat(thrown.getSuppressed())
                .hasSize(2)
                .allSatisfy(e -> assertThat(e).isInstanceOf(ConnectException.class));
    }

    @Test
    void aConnectionResetBeforeTheResponseIsRetried() throws Exception {
        try (ResettingUpstream resetting = new ResettingUpstream()) {
            Request request = new Request.Builder()
                    .url("http://127.0.0.1:" + resetting.port() + "/x")
                    .build();
            IOException thrown = catchThrowableOfType(
                    IOException.class, () -> factory.client().newCall(request).execute());
            assertThat(thrown).hasMessageContaining("failed after 3 attempts");
            assertThat(resetting.requests()).isEqualTo(3);
        }
    }

    /** Reads each request head, then resets the connection (TCP RST) without answering. */
    static final class ResettingUpstream implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final AtomicInteger requests = new AtomicInteger();

        ResettingUpstream() throws IOException {
            thread.execute(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        if (readHead(socket.getInputStream())) {
                            requests.incrementAndGet();
                        }
                        socket.setSoLinger(true, 0);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private static boolean readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                head.append((char) c);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    return head.toString().getBytes(StandardCharsets.US_ASCII).length > 0;
                }
            }
            return false;
        }

        int port() {
            return server.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.shutdownNow();
            thread.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
