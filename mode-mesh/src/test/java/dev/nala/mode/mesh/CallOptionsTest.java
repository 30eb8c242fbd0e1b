package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nala.CallOptions;
import dev.nala.HttpClientFactory;
import dev.nala.internal.CallDeadline;
import dev.nala.mode.mesh.RawUpstream.Reply;
import dev.nala.testing.Enqueued;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-call options in mesh mode: the deadline applies, shortening the service's
 * {@code call-timeout} and never lengthening it; {@code noRetries()} and {@code idempotent()}
 * leave the one attempt on the wire as it is (the sidecar owns retries). {@code idempotent()}
 * only lets a POST be resent after meeting a pooled connection the sidecar had closed, as an
 * {@code Idempotency-Key} does, and {@code noRetries()} does not stop that resend: neither is a
 * retry. The upstream counts requests at the socket level.
 */
class CallOptionsTest {
    private static final MediaType JSON = MediaType.get("application/json");

    private HttpClientFactory factory;
    private OkHttpClient client;
    private RawUpstream upstream;

    @AfterEach
    void stop() throws IOException {
        if (factory != null) {
            factory.close();
        }
        if (upstream != null) {
            upstream.close();
            assertThat(upstream.failures()).isEmpty();
        }
    }

    private void mesh(String callTimeout) {
        factory = MeshFactories.mesh("nala.services.\"payment-service\".call-timeout = " + callTimeout);
        client = factory.client().newBuilder().dns(ClusterDns.clusterLocal()).build();
    }

    private Request.Builder toPayments() {
        return new Request.Builder().url("http://payment-service:" + upstream.port() + "/charge");
    }

    private Request post(CallOptions options) {
        return toPayments()
                .post(RequestBody.create("{\"amount\":5}", JSON))
                .tag(CallOptions.class, options)
                .build();
    }

    private static CallOptions timeout(Duration timeout) {
        return CallOptions.builder().timeout(timeout).build();
    }

    @Test
    void aShorterTimeoutCutsAStalledCall() throws IOException {
        mesh("10s");
        upstream = RawUpstream.start(Reply.SILENT);
        Call call = client.newCall(toPayments()
                .tag(CallOptions.class, timeout(Duration.ofMillis(200)))
                .build());
        long started = System.nanoTime();
        Throwable failure = catchThrowable(call::execute);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("well before the service's 10 s")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(failure).isExactlyInstanceOf(InterruptedIOException.class).hasMessage("timeout");
        assertThat(CallDeadline.timeoutOf(call)).isEqualTo(Duration.ofMillis(200));
        assertThat(upstream.requests()).isEqualTo(1);
    }

    @Test
    void aShorterTimeoutCutsAnEnqueuedCallTheSameWay() throws Exception {
        mesh("10s");
        upstream = RawUpstream.start(Reply.SILENT);
        Call call = client.newCall(toPayments()
                .tag(CallOptions.class, timeout(Duration.ofMillis(200)))
                .build());
        long started = System.nanoTime();
        IOException failure = enqueueExpectingFailure(call);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(failure).isExactlyInstanceOf(InterruptedIOException.class).hasMessage("timeout");
        assertThat(CallDeadline.timeoutOf(call)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aLongerTimeoutIsBoundedByTheServicesCallTimeout() throws Exception {
        mesh("300ms");
        upstream = RawUpstream.start(Reply.SILENT, Reply.SILENT);
        Call call = client.newCall(toPayments()
                .tag(CallOptions.class, timeout(Duration.ofSeconds(30)))
                .build());
        long started = System.nanoTime();
        assertThatThrownBy(call::execute)
                .isExactlyInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(CallDeadline.timeoutOf(call)).isEqualTo(Duration.ofMillis(300));

        Call enqueued = client.newCall(toPayments()
                .tag(CallOptions.class, timeout(Duration.ofSeconds(30)))
                .build());
        assertThat(enqueueExpectingFailure(enqueued)).isExactlyInstanceOf(InterruptedIOException.class);
        assertThat(CallDeadline.timeoutOf(enqueued)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void noRetriesAndIdempotentLeaveOneRequestPerCallOnA503() throws IOException {
        mesh("5s");
        upstream = RawUpstream.start(Reply.UNAVAILABLE, Reply.UNAVAILABLE, Reply.UNAVAILABLE, Reply.UNAVAILABLE);
        try (Response response =
                client.newCall(post(CallOptions.builder().idempotent().build())).execute()) {
            assertThat(response.code()).isEqualTo(503);
        }
        assertThat(upstream.requests()).isEqualTo(1);
        Request get = toPayments()
                .tag(CallOptions.class, CallOptions.builder().noRetries().build())
                .build();
        try (Response response = client.newCall(get).execute()) {
            assertThat(response.code()).isEqualTo(503);
        }
        assertThat(upstream.requests()).isEqualTo(2);
    }

    @Test
    void anIdempotentPostIsNotRepeatedAfterAResetOnANewConnection() throws IOException {
        mesh("5s");
        upstream = RawUpstream.start(Reply.RESET, Reply.RESET, Reply.RESET);
        assertThatThrownBy(() -> client.newCall(
                                post(CallOptions.builder().idempotent().build()))
                        .execute())
                .isInstanceOf(IOException.class);
        assertThat(upstream.requests()).isEqualTo(1);
        assertThat(upstream.connections()).isEqualTo(1);
    }

    @Test
    void anIdempotentPostWrittenOnAClosedPooledConnectionIsResentLikeOneWithAnIdempotencyKey() throws IOException {
        mesh("5s");
        // JDK sockets: Nala cannot look at the pooled connection first, so the POST is written on it.
        OkHttpClient jdkSockets =
                client.newBuilder().socketFactory(SocketFactory.getDefault()).build();
        upstream = RawUpstream.start(Reply.OK_THEN_CLOSE, Reply.OK_THEN_CLOSE);
        CallOptions idempotent = CallOptions.builder().idempotent().build();
        callOk(jdkSockets, post(idempotent));
        upstream.awaitClosedConnections(1);
        callOk(jdkSockets, post(idempotent));
        assertThat(upstream.requests()).isEqualTo(2);
        assertThat(upstream.connections()).isEqualTo(2);

        // The same POST without the option fails on the closed connection and is not sent again.
        upstream.awaitClosedConnections(2);
        assertThatThrownBy(() -> jdkSockets.newCall(post(CallOptions.DEFAULT)).execute())
                .isInstanceOf(IOException.class);
        assertThat(upstream.requests()).isEqualTo(2);
    }

    @Test
    void noRetriesDoesNotStopTheResendAfterAClosedPooledConnection() throws IOException {
        mesh("5s");
        upstream = RawUpstream.start(Reply.OK_THEN_CLOSE);
        Request get = toPayments()
                .tag(CallOptions.class, CallOptions.builder().noRetries().build())
                .build();
        callOk(client, get);
        upstream.awaitClosedConnections(1);
        callOk(client, get);
        assertThat(upstream.requests()).isEqualTo(2);
        assertThat(upstream.connections()).isEqualTo(2);
    }

    private static void callOk(OkHttpClient client, Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("ok");
        }
    }

    private static IOException enqueueExpectingFailure(Call call) throws Exception {
        return Enqueued.failure(call).get(20, TimeUnit.SECONDS);
    }
}
