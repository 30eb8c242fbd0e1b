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

    private static Duration timeoutArmedFor(OkHttpClient client, MockWebServer upstream, String url) throws Exception {
        upstream.enqueue(new MockResponse.Builder().build());
        Call call = client.newCall(new Request.Builder().url(url).build());
        try (Response response = call.execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        return Duration.ofNanos(call.timeout().timeoutNanos());
    }
}
