package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nala.HttpClientFactory;
import dev.nala.mode.mesh.RawUpstream.Reply;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly one attempt on the wire, counted at the socket level: whatever goes wrong, the
 * upstream sees one request per call, for GET and POST alike. When a call fails, any repeat
 * OkHttp made would already have reached the upstream (the repeat has to be answered or fail
 * before the call can end), so the counts read right after the call are final.
 */
class SingleAttemptTest {
    private HttpClientFactory factory;
    private OkHttpClient client;
    private RawUpstream upstream;

    @BeforeEach
    void startMesh() {
        factory = MeshFactories.mesh("nala.services.\"payment-service\".call-timeout = 1s");
        client = factory.client().newBuilder().dns(ClusterDns.clusterLocal()).build();
    }

    @AfterEach
    void stop() throws IOException {
        factory.close();
        if (upstream != null) {
            upstream.close();
            assertThat(upstream.failures()).isEmpty();
        }
    }

    private Request request(String method, int port) {
        Request.Builder builder = new Request.Builder().url("http://payment-service:" + port + "/charge");
        if (method.equals("POST")) {
            return builder.post(RequestBody.create("{\"amount\":5}", MediaType.get("application/json")))
                    .build();
        }
        return builder.get().build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void a503IsReturnedAsIsAfterOneRequest(String method) throws IOException {
        upstream = RawUpstream.start(Reply.UNAVAILABLE);
        try (Response response =
                client.newCall(request(method, upstream.port())).execute()) {
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.body().string()).isEqualTo("unavailable");
        }
        assertThat(upstream.requests()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void a503WithRetryAfterZeroIsNotRepeatedAndKeepsItsHeader(String method) throws IOException {
        upstream = RawUpstream.start(Reply.UNAVAILABLE_RETRY_AFTER_ZERO, Reply.UNAVAILABLE_RETRY_AFTER_ZERO);
        try (Response response =
                client.newCall(request(method, upstream.port())).execute()) {
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("0");
            assertThat(response.body().string()).isEqualTo("unavailable");
            assertThat(response.priorResponse()).isNull();
        }
        assertThat(upstream.requests()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void a503WithARetryAfterTooLargeForOkHttpReachesTheCallerUnchanged(String method) throws IOException {
        upstream = RawUpstream.start(Reply.UNAVAILABLE_RETRY_AFTER_HUGE);
        try (Response response =
                client.newCall(request(method, upstream.port())).execute()) {
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo(RawUpstream.HUGE_RETRY_AFTER);
        }
        assertThat(upstream.requests()).isEqualTo(1);
    }

    @Test
    void a503WithARetryAfterTooLargeForOkHttpReachesAnEnqueuedCallUnchanged() throws Exception {
        upstream = RawUpstream.start(Reply.UNAVAILABLE_RETRY_AFTER_HUGE);
        java.util.concurrent.CompletableFuture<String> retryAfter = new java.util.concurrent.CompletableFuture<>();
        client.newCall(request("GET", upstream.port())).enqueue(new okhttp3.Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                retryAfter.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    retryAfter.complete(response.code() + " " + response.header("Retry-After"));
                }
            }
        });
        assertThat(retryAfter.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo("503 " + RawUpstream.HUGE_RETRY_AFTER);
        assertThat(upstream.requests()).isEqualTo(1);
    }

    @Test
    void plainOkHttpThrowsAnUncheckedExceptionOnARetryAfterTooLargeForIt() throws IOException {
        // The control for the two tests above.
        upstream = RawUpstream.start(Reply.UNAVAILABLE_RETRY_AFTER_HUGE);
        OkHttpClient plain =
                new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        try {
            assertThatThrownBy(() -> plain.newCall(new Request.Builder()
                                    .url("http://127.0.0.1:" + upstream.port() + "/charge")
                                    .build())
                            .execute())
                    .isInstanceOf(NumberFormatException.class);
        } finally {
            shutDown(plain);
        }
    }

    @Test
    void plainOkHttpRepeatsA503WithRetryAfterZeroEvenWithRetriesOff() throws IOException {
        // The control for the test above: the repeat is real, and retryOnConnectionFailure does not stop it.
        upstream = RawUpstream.start(Reply.UNAVAILABLE_RETRY_AFTER_ZERO, Reply.UNAVAILABLE_RETRY_AFTER_ZERO);
        OkHttpClient plain =
                new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        try (Response response = plain.newCall(request("POST", upstream.port())
                        .newBuilder()
                        .url("http://127.0.0.1:" + upstream.port() + "/charge")
                        .build())
                .execute()) {
            assertThat(response.code()).isEqualTo(503);
        } finally {
            shutDown(plain);
        }
        assertThat(upstream.requests()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void aResetConnectionFailsTheCallAfterOneRequest(String method) throws IOException {
        upstream = RawUpstream.start(Reply.RESET, Reply.RESET, Reply.RESET);
        assertThatThrownBy(
                        () -> client.newCall(request(method, upstream.port())).execute())
                .isInstanceOf(IOException.class);
        assertThat(upstream.requests()).isEqualTo(1);
        assertThat(upstream.connections()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void aConnectionClosedWithoutAnAnswerFailsTheCallAfterOneRequest(String method) throws IOException {
        upstream = RawUpstream.start(Reply.CLOSE, Reply.CLOSE, Reply.CLOSE);
        assertThatThrownBy(
                        () -> client.newCall(request(method, upstream.port())).execute())
                .isInstanceOf(IOException.class);
        assertThat(upstream.requests()).isEqualTo(1);
        assertThat(upstream.connections()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void aStalePooledConnectionStillMeansOneRequestPerCallOnTheWire(String method) throws IOException {
        upstream = RawUpstream.start(Reply.OK_THEN_CLOSE);
        try (Response first = client.newCall(request(method, upstream.port())).execute()) {
            assertThat(first.body().string()).isEqualTo("ok");
        }
        // The second call meets the pooled connection the server has closed meanwhile: the request
        // never reaches it and goes out once on a new connection instead (see StaleConnectionResendTest).
        upstream.awaitClosedConnections(1);
        try (Response second = client.newCall(request(method, upstream.port())).execute()) {
            assertThat(second.code()).isEqualTo(200);
        }
        assertThat(upstream.requests()).isEqualTo(2);
        assertThat(upstream.connections()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void plainOkHttpWithItsRetriesOnRepeatsOnAStalePooledConnection(String method) throws IOException {
        // OkHttp's default sends a request again after any failure on a pooled connection, even a
        // POST written in full; Nala only resends what provably did not reach the server.
        upstream = RawUpstream.start(Reply.OK_THEN_CLOSE);
        OkHttpClient plain =
                new OkHttpClient.Builder().retryOnConnectionFailure(true).build();
        Request direct = request(method, upstream.port())
                .newBuilder()
                .url("http://127.0.0.1:" + upstream.port() + "/charge")
                .build();
        try {
            try (Response first = plain.newCall(direct).execute()) {
                assertThat(first.body().string()).isEqualTo("ok");
            }
            try (Response second = plain.newCall(direct).execute()) {
                assertThat(second.code()).isEqualTo(200);
            }
        } finally {
            shutDown(plain);
        }
        assertThat(upstream.requests()).isEqualTo(2);
        assertThat(upstream.connections()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void aTimeoutFailsTheCallAfterOneRequest(String method) throws IOException {
        upstream = RawUpstream.start(Reply.SILENT);
        assertThatThrownBy(
                        () -> client.newCall(request(method, upstream.port())).execute())
                .isInstanceOf(InterruptedIOException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests() == 1);
        assertThat(upstream.connections()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void aRefusedConnectionFailsTheCallAfterOneConnectAttempt(String method) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AtomicInteger connectAttempts = new AtomicInteger();
        Call call = client.newCall(request(method, closedPort));
        call.addEventListener(new EventListener() {
            @Override
            public void connectStart(Call c, InetSocketAddress address, Proxy proxy) {
                connectAttempts.incrementAndGet();
            }
        });
        assertThatThrownBy(call::execute).isInstanceOf(ConnectException.class);
        assertThat(connectAttempts.get()).isEqualTo(1);
    }

    private static void shutDown(OkHttpClient plain) {
        plain.dispatcher().executorService().shutdown();
        plain.connectionPool().evictAll();
    }
}
