package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.HttpClientFactory;
import dev.nala.NalaConfigurationException;
import dev.nala.testing.NoDelayServerSockets;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/**
 * A call to a logical service tells the sidecar the time left of its call-timeout in {@code
 * x-envoy-upstream-rq-timeout-ms}; no other host ever gets the header.
 */
class SidecarDeadlineTest {
    private static final String HEADER = "x-envoy-upstream-rq-timeout-ms";

    @Test
    void aServiceCallCarriesTheTimeLeftOfItsCallTimeout() throws Exception {
        String hocon = "nala.services.\"payment-service\".call-timeout = 1s";
        try (MockWebServer upstream = upstream();
                HttpClientFactory factory = MeshFactories.mesh(hocon)) {
            RecordedRequest received =
                    call(client(factory), upstream, "http://payment-service:" + upstream.getPort() + "/pay");
            assertThat(received.getHeaders().values(HEADER)).hasSize(1);
            assertThat(Long.parseLong(received.getHeaders().get(HEADER))).isBetween(1L, 1_000L);
        }
    }

    @Test
    void anEnqueuedServiceCallCarriesItToo() throws Exception {
        String hocon = "nala.services.\"payment-service\".call-timeout = 1s";
        try (MockWebServer upstream = upstream();
                HttpClientFactory factory = MeshFactories.mesh(hocon)) {
            upstream.enqueue(new MockResponse.Builder().build());
            Request request = new Request.Builder()
                    .url("http://payment-service:" + upstream.getPort() + "/pay")
                    .build();
            CompletableFuture<Integer> status = new CompletableFuture<>();
            client(factory).newCall(request).enqueue(new Callback() {
                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        status.complete(response.code());
                    }
                }

                @Override
                public void onFailure(Call call, IOException e) {
                    status.completeExceptionally(e);
                }
            });
            assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
            RecordedRequest received = upstream.takeRequest();
            assertThat(received.getHeaders().values(HEADER)).hasSize(1);
            assertThat(Long.parseLong(received.getHeaders().get(HEADER))).isBetween(1L, 1_000L);
        }
    }

    @Test
    void aShorterPerCallDeadlineIsTheOneHandedOn() throws Exception {
        try (MockWebServer upstream = upstream();
                HttpClientFactory factory = MeshFactories.mesh("nala.defaults.call-timeout = 30s")) {
            OkHttpClient client = client(factory)
                    .newBuilder()
                    .callTimeout(java.time.Duration.ofMillis(800))
                    .build();
            RecordedRequest received = call(client, upstream, "http://payment-service:" + upstream.getPort() + "/");
            assertThat(Long.parseLong(received.getHeaders().get(HEADER))).isBetween(1L, 800L);
        }
    }

    @Test
    void theCallersOwnHeaderIsSentUnchanged() throws Exception {
        try (MockWebServer upstream = upstream();
                HttpClientFactory factory = MeshFactories.mesh("")) {
            upstream.enqueue(new MockResponse.Builder().build());
            Request request = new Request.Builder()
                    .url("http://payment-service:" + upstream.getPort() + "/")
                    .header("X-Envoy-Upstream-Rq-Timeout-Ms", "25000")
                    .build();
            try (Response response = client(factory).newCall(request).execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
            assertThat(upstream.takeRequest().getHeaders().values(HEADER)).containsExactly("25000");
        }
    }

    @Test
    void turnedOffInTheDefaultsNothingIsSent() throws Exception {
        try (MockWebServer upstream = upstream();
                HttpClientFactory factory = MeshFactories.mesh("nala.defaults.sidecar-deadline = false")) {
            RecordedRequest received =
                    call(client(factory), upstream, "http://payment-service:" + upstream.getPort() + "/");
            assertThat(received.getHeaders().get(HEADER)).isNull();
        }
    }

    @Test
    void turnedOffForOneServiceTheOthersStillSendIt() throws Exception {
        String hocon = "nala.services.reporting.sidecar-deadline = false";
        try (MockWebServer upstream = upstream();
                HttpClientFactory factory = MeshFactories.mesh(hocon)) {
            OkHttpClient client = client(factory);
            assertThat(call(client, upstream, "http://reporting:" + upstream.getPort() + "/")
                            .getHeaders()
                            .get(HEADER))
                    .isNull();
            assertThat(call(client, upstream, "http://inventory:" + upstream.getPort() + "/")
                            .getHeaders()
                            .get(HEADER))
                    .isNotNull();
        }
    }

    @Test
    void hostsThatAreNotLogicalServicesNeverGetIt() throws Exception {
        try (MockWebServer upstream = upstream();
                HttpClientFactory factory = MeshFactories.mesh("")) {
            OkHttpClient client = client(factory);
            for (String host : List.of("127.0.0.1", "localhost", "payment-service.shop.svc.cluster.local")) {
                RecordedRequest received = call(client, upstream, "http://" + host + ":" + upstream.getPort() + "/");
                assertThat(received.getHeaders().get(HEADER)).as(host).isNull();
            }
        }
    }

    @Test
    void httpsToALogicalServiceDoesNotGetItForTheSidecarCannotReadIt() throws Exception {
        HeldCertificate certificate =
                new HeldCertificate.Builder().commonName("istio-proxy").build();
        try (MockWebServer upstream = new MockWebServer();
                HttpClientFactory factory = MeshFactories.mesh("")) {
            upstream.useHttps(new HandshakeCertificates.Builder()
                    .heldCertificate(certificate)
                    .build()
                    .sslSocketFactory());
            upstream.start(InetAddress.getLoopbackAddress(), 0);
            RecordedRequest received =
                    call(client(factory), upstream, "https://payment-service:" + upstream.getPort() + "/");
            assertThat(received.getHeaders().get(HEADER)).isNull();
        }
    }

    @Test
    void aValueThatIsNotABooleanFailsTheBuild() {
        assertThatThrownBy(() -> MeshFactories.mesh("nala.defaults.sidecar-deadline = sometimes"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.defaults.sidecar-deadline")
                .hasMessageContaining("expected true or false");
        assertThatThrownBy(() -> MeshFactories.mesh("nala.services.reporting.sidecar-dedline = false"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("did you mean nala.services.\"reporting\".sidecar-deadline?");
    }

    private static MockWebServer upstream() throws Exception {
        MockWebServer upstream = new MockWebServer();
        upstream.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        return upstream;
    }

    private static OkHttpClient client(HttpClientFactory factory) {
        return factory.client()
                .newBuilder()
                .dns(ClusterDns.clusterLocal("localhost"))
                .build();
    }

    private static RecordedRequest call(OkHttpClient client, MockWebServer upstream, String url) throws Exception {
        upstream.enqueue(new MockResponse.Builder().build());
        try (Response response =
                client.newCall(new Request.Builder().url(url).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        return upstream.takeRequest();
    }
}
