package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.HttpClientFactory;
import dev.nala.mode.mesh.RawUpstream.Reply;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edges of the rule for sending a request once more when it met a pooled connection the
 * server (the sidecar) had already closed, seen from mesh mode, whose one attempt makes every
 * extra request on the wire visible: reused versus new connection, bytes of a response seen or
 * not, the method, an {@code Idempotency-Key}, a one-shot body, a failed write, and the resend
 * going out on a new connection. The upstream counts complete requests read and connections
 * accepted at the socket level.
 */
class StaleConnectionResendTest {
    private static final AttributeKey<String> REASON = AttributeKey.stringKey("nala.resend_reason");
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("nala.service");

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private HttpClientFactory factory;
    private OkHttpClient client;
    private RawUpstream upstream;

    @BeforeEach
    void startMesh() {
        factory = MeshFactories.mesh(
                "nala.services.\"payment-service\".call-timeout = 5s", Map.of(), otel.getOpenTelemetry());
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

    private Request.Builder to(int port) {
        return new Request.Builder().url("http://payment-service:" + port + "/charge");
    }

    private Request request(String method, int port) {
        Request.Builder builder = to(port);
        return switch (method) {
            case "GET" -> builder.get().build();
            case "POST" -> builder.post(json("{\"amount\":5}")).build();
            case "PUT" -> builder.put(json("{\"amount\":5}")).build();
            case "DELETE" -> builder.delete().build();
            default -> throw new IllegalArgumentException(method);
        };
    }

    private static RequestBody json(String text) {
        return RequestBody.create(text, MediaType.get("application/json"));
    }

    /** A body that can be written only once, as a streamed upload's. */
    private static RequestBody oneShotBody() {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get("text/plain");
            }

            @Override
            public long contentLength() {
                return "streamed once".length();
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.writeUtf8("streamed once");
            }
        };
    }

    /** The client with plain JDK sockets: Nala can neither look at a pooled connection nor count response bytes. */
    private OkHttpClient withJdkSockets() {
        return client.newBuilder().socketFactory(SocketFactory.getDefault()).build();
    }

    private static void callOk(OkHttpClient client, Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("ok");
        }
    }

    /** Resends counted so far, by reason; the service attribute is checked on every point. */
    private Map<String, Long> resends() {
        java.util.HashMap<String, Long> byReason = new java.util.HashMap<>();
        for (MetricData metric : otel.getMetrics()) {
            if (metric.getName().equals("nala.client.connection.resends")) {
                for (LongPointData point : metric.getLongSumData().getPoints()) {
                    assertThat(point.getAttributes().get(SERVICE)).isEqualTo("payment-service");
                    byReason.merge(point.getAttributes().get(REASON), point.getValue(), Long::sum);
                }
            }
        }
        return byReason;
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE"})
    void anIdempotentRequestThatMeetsAClosedPooledConnectionIsResentOnANewOne(String method) throws IOException {
        upstream = RawUpstream.start(Reply.OK_THEN_CLOSE);
        callOk(client, request(method, upstream.port()));
        // The server closed the pooled connection after answering; the next call meets it.
        callOk(client, request(method, upstream.port()));
        assertThat(upstream.requests()).isEqualTo(2);
        assertThat(upstream.connections()).isEqualTo(2);
        assertThat(resends()).containsEntry("connection_closed", 1L);
    }

    @Test
    void aPooledConnectionTheServerResetIsResentToo() throws IOException {
        upstream = RawUpstream.start(Reply.OK_THEN_RESET);
        callOk(client, request("GET", upstream.port()));
        callOk(client, request("GET", upstream.port()));
        assertThat(upstream.requests()).isEqualTo(2);
        assertThat(resends().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
    }

    @Test
    void aPostIsNotWrittenOnAPooledConnectionThePeerHasClosedButOnANewOne() throws IOException {
        upstream = RawUpstream.start(Reply.OK_THEN_CLOSE);
        callOk(client, request("POST", upstream.port()));
        upstream.awaitClosedConnections(1);
        callOk(client, request("POST", upstream.port()));
        assertThat(upstream.requestLines()).containsExactly("POST /charge HTTP/1.1", "POST /charge HTTP/1.1");
        assertThat(upstream.connections()).isEqualTo(2);
        assertThat(resends()).containsOnlyKeys("not_sent");
    }

    @Test
    void aPostWrittenInFullOnAClosedPooledConnectionIsNotResent() throws IOException {
        // With JDK sockets Nala cannot look first: the POST is written before the close is seen.
        OkHttpClient jdkSockets = withJdkSockets();
        upstream = RawUpstream.start(Reply.OK_THEN_CLOSE);
        callOk(jdkSockets, request("POST", upstream.port()));
        upstream.awaitClosedConnections(1);
        assertThatThrownBy(() ->
                        jdkSockets.newCall(request("POST", upstream.port())).execute())
                .isInstanceOf(IOException.class);
        assertThat(upstream.requests()).isEqualTo(1);
        assertThat(upstream.connections()).isEqualTo(1);
        assertThat(resends()).isEmpty();
    }

    @Test
    void aPostWithAnIdempotencyKeyIsResent() throws IOException {
        OkHttpClient jdkSockets = withJdkSockets();
        upstream = RawUpstream.start(Reply.OK_THEN_CLOSE);
        Request keyed = request("POST", upstream.port())
                .newBuilder()
                .header("Idempotency-Key", "charge-42")
                .build();
        callOk(jdkSockets, keyed);
        callOk(jdkSockets, keyed);
        assertThat(upstream.requests()).isEqualTo(2);
        assertThat(upstream.connections()).isEqualTo(2);
        assertThat(resends()).containsEntry("connection_closed", 1L);
    }

    @Test
    void aPostWhoseWriteFailedOnAResetPooledConnectionIsResent() throws IOException {
        // Not looked at first (JDK sockets); the server reset the connection, so writing a large
        // body fails: it cannot have it all.
        OkHttpClient jdkSockets = withJdkSockets();
        upstream = RawUpstream.start(Reply.OK_THEN_RESET);
        callOk(jdkSockets, request("POST", upstream.port()));
        upstream.awaitClosedConnections(1);
        Request large = to(upstream.port())
                .post(RequestBody.create(new byte[4 * 1024 * 1024], MediaType.get("application/octet-stream")))
                .build();
        callOk(jdkSockets, large);
        assertThat(upstream.requests()).isEqualTo(2);
        assertThat(upstream.connections()).isEqualTo(2);
        assertThat(resends()).containsEntry("request_incomplete", 1L);
    }

    @Test
    void aOneShotBodyIsNotResent() throws IOException {
        OkHttpClient jdkSockets = withJdkSockets();
        upstream = RawUpstream.start(Reply.OK_THEN_CLOSE);
        callOk(jdkSockets, request("PUT", upstream.port()));
        upstream.awaitClosedConnections(1);
        Request oneShot = to(upstream.port()).put(oneShotBody()).build();
        assertThatThrownBy(() -> jdkSockets.newCall(oneShot).execute()).isInstanceOf(IOException.class);
        assertThat(upstream.requests()).isEqualTo(1);
        assertThat(resends()).isEmpty();
    }

    @Test
    void aOneShotBodyGoesOutOnANewConnectionWhenThePooledOneIsFoundClosedBeforeSending() throws IOException {
        upstream = RawUpstream.start(Reply.OK_THEN_CLOSE);
        callOk(client, request("PUT", upstream.port()));
        upstream.awaitClosedConnections(1);
        Request oneShot = to(upstream.port()).put(oneShotBody()).build();
        callOk(client, oneShot);
        assertThat(upstream.requests()).isEqualTo(2);
        assertThat(resends()).containsOnlyKeys("not_sent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void aRequestThatReachedTheServerOnAPooledConnectionAndGotNoAnswerIsOnlyResentIfIdempotent(String method)
            throws IOException {
        // The server reads the second request on the kept-alive connection, then closes without answering.
        upstream = RawUpstream.start(Reply.OK, Reply.CLOSE);
        callOk(client, request(method, upstream.port()));
        if (method.equals("GET")) {
            callOk(client, request(method, upstream.port()));
            assertThat(upstream.requests()).isEqualTo(3);
            assertThat(resends()).containsEntry("connection_closed", 1L);
        } else {
            assertThatThrownBy(() ->
                            client.newCall(request(method, upstream.port())).execute())
                    .isInstanceOf(IOException.class);
            assertThat(upstream.requests()).isEqualTo(2);
            assertThat(resends()).isEmpty();
        }
    }

    @Test
    void aRequestWhoseResponseHadBegunIsNotResent() throws IOException {
        // The sidecar began to answer: it had the request, so sending it again would be a retry.
        upstream = RawUpstream.start(Reply.OK, Reply.PARTIAL_THEN_CLOSE);
        callOk(client, request("GET", upstream.port()));
        assertThatThrownBy(() -> client.newCall(request("GET", upstream.port())).execute())
                .isInstanceOf(IOException.class);
        assertThat(upstream.requests()).isEqualTo(2);
        assertThat(resends()).isEmpty();
    }

    @Test
    void aNewConnectionClosedBeforeAnAnswerIsNotResent() throws IOException {
        upstream = RawUpstream.start(Reply.CLOSE, Reply.CLOSE);
        assertThatThrownBy(() -> client.newCall(request("GET", upstream.port())).execute())
                .isInstanceOf(IOException.class);
        assertThat(upstream.requests()).isEqualTo(1);
        assertThat(upstream.connections()).isEqualTo(1);
        assertThat(resends()).isEmpty();
    }

    @Test
    void theResendRefusesOtherPooledConnectionsAndOpensANewOne() throws Exception {
        upstream = RawUpstream.start(Reply.OK_LATER_THEN_CLOSE, Reply.OK_LATER_THEN_CLOSE, Reply.OK_LATER_THEN_CLOSE);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(callers.submit(() -> {
                    callOk(client, request("GET", upstream.port()));
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get(10, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(upstream.connections()).isEqualTo(3);
        // Three pooled connections, all closed by the server: one failed send, two refused, one new.
        callOk(client, request("GET", upstream.port()));
        assertThat(upstream.requests()).isEqualTo(4);
        assertThat(upstream.connections()).isEqualTo(4);
        assertThat(resends()).containsEntry("connection_closed", 1L);
    }
}
