package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The environment variable alone switches an application to mesh mode, end to end. */
class MeshModeSwitchTest {

    @ParameterizedTest
    @ValueSource(strings = {"mesh", " MESH ", "Mesh"})
    void theEnvironmentVariableTurnsTheMeshChainOn(String value) throws Exception {
        Environment pod = Environment.of(Map.of("NALA_DEPLOYMENT_MODE", value, "KUBERNETES_NAMESPACE", "shop"));
        // application.conf says standalone; the Deployment's env var wins.
        String appConf = MeshFactories.NO_NAMESPACE_FILE + "nala.deployment-mode = standalone";
        try (MockWebServer upstream = new MockWebServer();
                HttpClientFactory factory = HttpClientFactory.builder()
                        .environment(pod)
                        .config(ConfigFactory.parseString(appConf))
                        .openTelemetry(OpenTelemetry.noop())
                        .build()) {
            upstream.start(InetAddress.getLoopbackAddress(), 0);
            upstream.enqueue(new MockResponse.Builder().code(503).body("down").build());
            assertThat(factory.mode()).isEqualTo(DeploymentMode.MESH);

            OkHttpClient client =
                    factory.client().newBuilder().dns(ClusterDns.clusterLocal()).build();
            Request request = new Request.Builder()
                    .url("http://payment-service:" + upstream.getPort() + "/charge")
                    .build();
            try (Response response = client.newCall(request).execute()) {
                assertThat(response.code()).isEqualTo(503);
                assertThat(response.body().string()).isEqualTo("down");
            }
            RecordedRequest recorded = upstream.takeRequest(5, TimeUnit.SECONDS);
            assertThat(recorded.getHeaders().get("Host"))
                    .isEqualTo("payment-service.shop.svc.cluster.local:" + upstream.getPort());
            assertThat(recorded.getHeaders().get("traceparent"))
                    .as("no trace to continue: the sidecar starts one")
                    .isNull();
            assertThat(upstream.getRequestCount()).isEqualTo(1);
            assertThat(factory.client().retryOnConnectionFailure()).isFalse();
        }
    }

    @Test
    void theFactoryClientIsSharedAndMeshCallsFailAfterClose() throws Exception {
        HttpClientFactory factory = MeshFactories.mesh();
        assertThat(factory.client()).isSameAs(factory.client());
        factory.close();
        factory.close();
        assertThat(factory.client().dispatcher().executorService().isShutdown()).isTrue();
    }
}
