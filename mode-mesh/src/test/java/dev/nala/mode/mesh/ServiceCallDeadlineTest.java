package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.HttpClientFactory;
import dev.nala.internal.CallDeadline;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Each call is bounded by its service's call-timeout; hosts that are not services get the defaults'. */
class ServiceCallDeadlineTest {

    @Test
    void armsTheServiceOrDefaultCallTimeoutOnTheCall() throws Exception {
        String hocon = "nala.defaults.call-timeout = 7s\nnala.services.\"payment-service\".call-timeout = 3s";
        try (MockWebServer upstream = new MockWebServer();
                HttpClientFactory factory = MeshFactories.mesh(hocon)) {
            upstream.start(InetAddress.getLoopbackAddress(), 0);
            OkHttpClient client =
                    factory.client().newBuilder().dns(ClusterDns.clusterLocal()).build();
            assertThat(timeoutArmedFor(client, upstream, "http://payment-service:" + upstream.getPort() + "/"))
                    .isEqualTo(Duration.ofSeconds(3));
            assertThat(timeoutArmedFor(client, upstream, "http://inventory:" + upstream.getPort() + "/"))
                    .isEqualTo(Duration.ofSeconds(7));
            assertThat(timeoutArmedFor(client, upstream, "http://127.0.0.1:" + upstream.getPort() + "/"))
                    .isEqualTo(Duration.ofSeconds(7));
        }
    }

    @Test
    void aServiceWithALongerTimeoutThanTheDefaultsKeepsItAndTheOthersAreShortened() throws Exception {
        String hocon = "nala.defaults.call-timeout = 2s\nnala.services.reporting.call-timeout = 9s";
        try (MockWebServer upstream = new MockWebServer();
                HttpClientFactory factory = MeshFactories.mesh(hocon)) {
            upstream.start(InetAddress.getLoopbackAddress(), 0);
            // Nala's own deadline, not OkHttp's: the client has no call timeout of its own.
            assertThat(factory.client().callTimeoutMillis()).isZero();
            OkHttpClient client =
                    factory.client().newBuilder().dns(ClusterDns.clusterLocal()).build();
            assertThat(timeoutArmedFor(client, upstream, "http://reporting:" + upstream.getPort() + "/"))
                    .isEqualTo(Duration.ofSeconds(9));
            assertThat(timeoutArmedFor(client, upstream, "http://inventory:" + upstream.getPort() + "/"))
                    .isEqualTo(Duration.ofSeconds(2));
            assertThat(timeoutArmedFor(client, upstream, "http://127.0.0.1:" + upstream.getPort() + "/"))
                    .isEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void aShorterTimeoutTheCallerSetOnTheClientIsKept() throws Exception {
        try (MockWebServer upstream = new MockWebServer();
                HttpClientFactory factory = MeshFactories.mesh("")) {
            upstream.start(InetAddress.getLoopbackAddress(), 0);
            OkHttpClient client = factory.client()
                    .newBuilder()
                    .dns(ClusterDns.clusterLocal())
                    .callTimeout(Duration.ofMillis(1_500))
                    .build();
            assertThat(timeoutArmedFor(client, upstream, "http://payment-service:" + upstream.getPort() + "/"))
                    .isEqualTo(Duration.ofMillis(1_500));
        }
    }

    @Test
    void aServiceCallThatRunsPastItsCallTimeoutFailsWithOkHttpsTimeout() throws Exception {
        String hocon = "nala.services.\"payment-service\".call-timeout = 300ms";
        try (MockWebServer upstream = new MockWebServer();
                HttpClientFactory factory = MeshFactories.mesh(hocon)) {
            upstream.start(InetAddress.getLoopbackAddress(), 0);
            OkHttpClient client =
                    factory.client().newBuilder().dns(ClusterDns.clusterLocal()).build();
            assertTimesOut(client, upstream, "http://payment-service:" + upstream.getPort() + "/");
        }
    }

    @Test
    void aClientWhoseEventListenerWasReplacedIsStillBounded() throws Exception {
        String hocon = "nala.services.\"payment-service\".call-timeout = 300ms";
        try (MockWebServer upstream = new MockWebServer();
                HttpClientFactory factory = MeshFactories.mesh(hocon)) {
            upstream.start(InetAddress.getLoopbackAddress(), 0);
            OkHttpClient client = factory.client()
                    .newBuilder()
                    .dns(ClusterDns.clusterLocal())
                    .eventListener(EventListener.NONE)
                    .build();
            Call call = assertTimesOut(client, upstream, "http://payment-service:" + upstream.getPort() + "/");
            assertThat(call.timeout().timeoutNanos())
                    .as("left to OkHttp's own call timeout")
                    .isEqualTo(Duration.ofMillis(300).toNanos());
        }
    }

    private static Call assertTimesOut(OkHttpClient client, MockWebServer upstream, String url) {
        upstream.enqueue(
                new MockResponse.Builder().headersDelay(30, TimeUnit.SECONDS).build());
        Call call = client.newCall(new Request.Builder().url(url).build());
        long started = System.nanoTime();
        assertThatThrownBy(call::execute)
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        return call;
    }

    private static Duration timeoutArmedFor(OkHttpClient client, MockWebServer upstream, String url) throws Exception {
        upstream.enqueue(new MockResponse.Builder().build());
        Call call = client.newCall(new Request.Builder().url(url).build());
        try (Response response = call.execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        return CallDeadline.timeoutOf(call);
    }
}
