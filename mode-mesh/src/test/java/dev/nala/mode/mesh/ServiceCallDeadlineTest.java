package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import java.net.InetAddress;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Each call is bounded by its service's call-timeout; hosts that are not services get the defaults'. */
class ServiceCallDeadlineTest {

    @Test
    void armsTheServiceOrDefaultCallTimeoutOnTheCall() throws Exception {
        String hocon = "nala.defaults.call-timeout = 7s\nnala.services.\"payment-service\".call-timeout = 3s";
        try (MockWebServer upstream = new MockWebServer(); HttpClientFactory factory = MeshFactories.mesh(hocon)) {
            upstream.start(InetAddress.getLoopbackAddress(), 0);
            OkHttpClient client = factory.client().newBuilder().dns(ClusterDns.clusterLocal()).build();
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
        try (MockWebServer upstream = new MockWebServer(); HttpClientFactory factory = MeshFactories.mesh(hocon)) {
            upstream.start(InetAddress.getLoopbackAddress(), 0);
            // The client carries the longest call-timeout; shorter ones are armed per call.
            assertThat(factory.client().callTimeoutMillis()).isEqualTo(9_000);
            OkHttpClient client = factory.client().newBuilder().dns(ClusterDns.clusterLocal()).build();
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
        try (MockWebServer upstream = new MockWebServer(); HttpClientFactory factory = MeshFactories.mesh("")) {
            upstream.start(InetAddress.getLoopbackAddress(), 0);
            OkHttpClient client = factory.client().newBuilder()
                    .dns(ClusterDns.clusterLocal())
                    .callTimeout(Duration.ofMillis(1_500))
                    .build();
            assertThat(timeoutArmedFor(client, upstream, "http://payment-service:" + upstream.getPort() + "/"))
                    .isEqualTo(Duration.ofMillis(1_500));
        }
    }

    private static Duration timeoutArmedFor(OkHttpClient client, MockWebServer upstream, String url) throws Exception {
        upstream.enqueue(new MockResponse.Builder().build());
        Call call = client.newCall(new Request.Builder().url(url).build());
        try (Response response = call.execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        return Duration.ofNanos(call.timeout().timeoutNanos());
    }
}
