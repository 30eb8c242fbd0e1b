package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.HttpClientFactory;
import dev.nala.InvalidServiceNameException;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logical hosts become Kubernetes DNS names with the Service port; every other host is left alone. */
class KubernetesDnsRewriteTest {
    private final MockWebServer upstream = new MockWebServer();
    private int port;

    @BeforeEach
    void start() throws IOException {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        port = upstream.getPort();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    /** Calls url through the factory's client with a resolver that plays the cluster DNS; returns what arrived. */
    private RecordedRequest call(HttpClientFactory factory, ClusterDns dns, String url) throws Exception {
        upstream.enqueue(new MockResponse.Builder().code(204).build());
        OkHttpClient client = factory.client().newBuilder().dns(dns).build();
        try (Response response =
                client.newCall(new Request.Builder().url(url).build()).execute()) {
            assertThat(response.code()).isEqualTo(204);
        }
        return upstream.takeRequest(5, TimeUnit.SECONDS);
    }

    @Test
    void defaultNamespaceAndClusterDomain() throws Exception {
        ClusterDns dns = ClusterDns.clusterLocal();
        try (HttpClientFactory factory = MeshFactories.mesh()) {
            RecordedRequest request = call(factory, dns, "http://payment-service:" + port + "/charge?id=7");
            assertThat(request.getHeaders().get("Host")).isEqualTo("payment-service.default.svc.cluster.local:" + port);
            assertThat(request.getTarget()).isEqualTo("/charge?id=7");
        }
        assertThat(dns.lookups).containsExactly("payment-service.default.svc.cluster.local");
    }

    @Test
    void namespaceFromTheEnvironment() throws Exception {
        ClusterDns dns = ClusterDns.clusterLocal();
        try (HttpClientFactory factory =
                MeshFactories.mesh("", Map.of("KUBERNETES_NAMESPACE", "shop"), OpenTelemetry.noop())) {
            RecordedRequest request = call(factory, dns, "http://payment-service:" + port + "/charge");
            assertThat(request.getHeaders().get("Host")).isEqualTo("payment-service.shop.svc.cluster.local:" + port);
        }
        assertThat(dns.lookups).containsExactly("payment-service.shop.svc.cluster.local");
    }

    @Test
    void namespaceFromThePodsServiceAccountFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("namespace"), "team-a\n");
        ClusterDns dns = ClusterDns.clusterLocal();
        String hocon = "nala.kubernetes.namespace-file = \"" + file.toString().replace("\\", "\\\\") + "\"";
        try (HttpClientFactory factory = MeshFactories.mesh(hocon)) {
            call(factory, dns, "http://payment-service:" + port + "/charge");
        }
        assertThat(dns.lookups).containsExactly("payment-service.team-a.svc.cluster.local");
    }

    @Test
    void customNamespaceAndClusterDomainFromConfiguration() throws Exception {
        ClusterDns dns = new ClusterDns(List.of(".svc.corp.internal"), Set.of());
        String hocon = "nala.kubernetes { namespace = billing, cluster-domain = corp.internal }";
        try (HttpClientFactory factory =
                MeshFactories.mesh(hocon, Map.of("KUBERNETES_NAMESPACE", "shop"), OpenTelemetry.noop())) {
            RecordedRequest request = call(factory, dns, "http://ledger:" + port + "/entries");
            assertThat(request.getHeaders().get("Host")).isEqualTo("ledger.billing.svc.corp.internal:" + port);
        }
        assertThat(dns.lookups).containsExactly("ledger.billing.svc.corp.internal");
    }

    @Test
    void trailingDotWhenConfigured() throws Exception {
        ClusterDns dns = ClusterDns.clusterLocal();
        try (HttpClientFactory factory = MeshFactories.mesh("nala.kubernetes.trailing-dot = true")) {
            call(factory, dns, "http://payment-service:" + port + "/charge");
        }
        assertThat(dns.lookups).containsExactly("payment-service.default.svc.cluster.local.");
    }

    @Test
    void withoutAPortInTheUrlTheConfiguredServicePortIsUsed() throws Exception {
        ClusterDns dns = ClusterDns.clusterLocal();
        try (HttpClientFactory factory = MeshFactories.mesh("nala.services.\"payment-service\".port = " + port)) {
            RecordedRequest request = call(factory, dns, "http://payment-service/charge");
            assertThat(request.getHeaders().get("Host")).isEqualTo("payment-service.default.svc.cluster.local:" + port);
            // http://payment-service:80/ cannot be told apart from http://payment-service/: both get the Service port.
            call(factory, dns, "http://payment-service:80/charge");
        }
    }

    @Test
    void theDefaultsPortAppliesToServicesWithoutTheirOwnBlock() throws Exception {
        ClusterDns dns = ClusterDns.clusterLocal();
        try (HttpClientFactory factory = MeshFactories.mesh("nala.defaults.port = " + port)) {
            call(factory, dns, "http://inventory/items");
        }
        assertThat(dns.lookups).containsExactly("inventory.default.svc.cluster.local");
    }

    @Test
    void aNonDefaultPortInTheUrlWinsOverTheConfiguredPort() throws Exception {
        int nothingListens;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothingListens = socket.getLocalPort();
        }
        ClusterDns dns = ClusterDns.clusterLocal();
        try (HttpClientFactory factory =
                MeshFactories.mesh("nala.services.\"payment-service\".port = " + nothingListens)) {
            RecordedRequest request = call(factory, dns, "http://payment-service:" + port + "/charge");
            assertThat(request.getHeaders().get("Host")).endsWith(":" + port);
        }
    }

    @Test
    void otherHostsAreUsedAsWritten() throws Exception {
        ClusterDns dns = ClusterDns.clusterLocal("localhost");
        try (HttpClientFactory factory = MeshFactories.mesh("nala.kubernetes.namespace = shop")) {
            assertThat(call(factory, dns, "http://127.0.0.1:" + port + "/a")
                            .getHeaders()
                            .get("Host"))
                    .isEqualTo("127.0.0.1:" + port);
            assertThat(call(factory, dns, "http://localhost:" + port + "/b")
                            .getHeaders()
                            .get("Host"))
                    .isEqualTo("localhost:" + port);
            assertThat(call(factory, dns, "http://payment-service.other.svc.cluster.local:" + port + "/c")
                            .getHeaders()
                            .get("Host"))
                    .isEqualTo("payment-service.other.svc.cluster.local:" + port);
        }
        assertThat(dns.lookups).containsExactly("localhost", "payment-service.other.svc.cluster.local");
    }

    @Test
    void aSingleLabelHostThatIsNotAValidServiceNameIsRefused() {
        try (HttpClientFactory factory = MeshFactories.mesh()) {
            assertThatThrownBy(() -> factory.client()
                            .newCall(new Request.Builder()
                                    .url("http://pay_ment:" + port + "/")
                                    .build())
                            .execute())
                    .isInstanceOf(InvalidServiceNameException.class)
                    .hasMessageContaining("pay_ment");
        }
        assertThat(upstream.getRequestCount()).isZero();
    }
}
