package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.nala.HttpClientFactory;
import dev.nala.testing.LogCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPS upstream with a self-signed certificate, as a sidecar or an upstream with its own
 * mesh-issued certificate would present: in-mesh names reach it without verification and
 * without a client certificate; IP literals, localhost and external names still verify, and
 * fail.
 */
class TlsOffloadTest {
    private static final HeldCertificate SERVER_CERT = new HeldCertificate.Builder()
            .commonName("istio-proxy")
            .addSubjectAlternativeName("api.partner.example")
            .build();
    private static final HeldCertificate CLIENT_CERT =
            new HeldCertificate.Builder().commonName("payment-client").build();

    private final MockWebServer upstream = new MockWebServer();
    private final ClusterDns dns = ClusterDns.clusterLocal("api.partner.example", "api.example.com", "localhost");
    private int port;

    @BeforeEach
    void start() throws IOException {
        HandshakeCertificates serverTls = new HandshakeCertificates.Builder()
                .heldCertificate(SERVER_CERT)
                .addTrustedCertificate(CLIENT_CERT.certificate())
                .build();
        upstream.useHttps(serverTls.sslSocketFactory());
        upstream.requestClientAuth();
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        port = upstream.getPort();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private static Response get(OkHttpClient client, String url) throws IOException {
        return client.newCall(new Request.Builder().url(url).build()).execute();
    }

    private OkHttpClient meshClient(HttpClientFactory factory) {
        return factory.client().newBuilder().dns(dns).build();
    }

    @Test
    void httpsToALogicalServiceNeedsNoVerificationAndSendsNoClientCertificate(@TempDir Path dir) throws Exception {
        Path keyStore = writeClientKeyStore(dir);
        String hocon = "nala.defaults.tls.key-store { path = \""
                + keyStore.toString().replace("\\", "\\\\") + "\", password = changeit }";
        upstream.enqueue(new MockResponse.Builder().body("charged").build());
        try (HttpClientFactory factory = MeshFactories.mesh(hocon);
                Response response = get(meshClient(factory), "https://payment-service:" + port + "/charge")) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("charged");
        }
        RecordedRequest request = upstream.takeRequest(5, TimeUnit.SECONDS);
        // ALPN picks HTTP/2 here, where the authority replaces the Host header.
        assertThat(request.getUrl().host()).isEqualTo("payment-service.default.svc.cluster.local");
        assertThat(request.getHandshake()).isNotNull();
        assertThat(request.getHandshake().peerCertificates())
                .as("client certificates the server saw")
                .isEmpty();
    }

    @Test
    void theServerWouldHaveRecordedAClientCertificateHadOneBeenSent() throws Exception {
        // The control for the test above: this upstream does ask for and record client certificates.
        HandshakeCertificates clientTls = new HandshakeCertificates.Builder()
                .heldCertificate(CLIENT_CERT)
                .addTrustedCertificate(SERVER_CERT.certificate())
                .build();
        OkHttpClient plain = new OkHttpClient.Builder()
                .sslSocketFactory(clientTls.sslSocketFactory(), clientTls.trustManager())
                .dns(dns)
                .build();
        upstream.enqueue(new MockResponse.Builder().build());
        try (Response response = get(plain, "https://api.partner.example:" + port + "/")) {
            assertThat(response.code()).isEqualTo(200);
        } finally {
            plain.dispatcher().executorService().shutdown();
            plain.connectionPool().evictAll();
        }
        assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getHandshake().peerCertificates())
                .hasSize(1);
    }

    @Test
    void httpsToANameInTheClusterDomainNeedsNoVerification() throws Exception {
        upstream.enqueue(new MockResponse.Builder().build());
        try (HttpClientFactory factory = MeshFactories.mesh();
                Response response =
                        get(meshClient(factory), "https://ledger.billing.svc.cluster.local:" + port + "/")) {
            assertThat(response.code()).isEqualTo(200);
        }
    }

    @Test
    void theConfiguredClusterDomainDecidesWhatIsInMesh() throws Exception {
        ClusterDns corpDns = new ClusterDns(List.of(".svc.corp.internal", ".svc.cluster.local"), Set.of());
        upstream.enqueue(new MockResponse.Builder().build());
        try (HttpClientFactory factory = MeshFactories.mesh("nala.kubernetes.cluster-domain = corp.internal")) {
            OkHttpClient client = factory.client().newBuilder().dns(corpDns).build();
            try (Response response = get(client, "https://ledger.billing.svc.corp.internal:" + port + "/")) {
                assertThat(response.code()).isEqualTo(200);
            }
            // Another cluster's domain is not this mesh.
            assertThatThrownBy(() -> get(client, "https://ledger.billing.svc.cluster.local:" + port + "/")
                            .close())
                    .isInstanceOf(SSLHandshakeException.class);
        }
        assertThat(upstream.getRequestCount()).isEqualTo(1);
    }

    @Test
    void ipLiteralsLocalhostAndExternalNamesKeepFullVerification() {
        try (HttpClientFactory factory = MeshFactories.mesh()) {
            OkHttpClient client = meshClient(factory);
            for (String host : new String[] {"127.0.0.1", "localhost", "api.example.com", "api.partner.example"}) {
                assertThatThrownBy(() -> get(client, "https://" + host + ":" + port + "/")
                                .close())
                        .as(host)
                        .isInstanceOf(SSLHandshakeException.class);
            }
        }
        assertThat(upstream.getRequestCount()).isZero();
    }

    @Test
    void externalNamesStillHaveTheirHostNameVerified() throws Exception {
        // Trust the upstream's certificate: the chain is now fine, only the host name can fail.
        HandshakeCertificates trusting = new HandshakeCertificates.Builder()
                .addTrustedCertificate(SERVER_CERT.certificate())
                .build();
        upstream.enqueue(new MockResponse.Builder().build());
        upstream.enqueue(new MockResponse.Builder().build());
        try (HttpClientFactory factory = MeshFactories.mesh()) {
            OkHttpClient client = meshClient(factory)
                    .newBuilder()
                    .sslSocketFactory(trusting.sslSocketFactory(), trusting.trustManager())
                    .build();
            try (Response response = get(client, "https://api.partner.example:" + port + "/")) {
                assertThat(response.code()).isEqualTo(200);
            }
            assertThatThrownBy(() ->
                            get(client, "https://api.example.com:" + port + "/").close())
                    .isInstanceOf(SSLPeerUnverifiedException.class)
                    .hasMessageContaining("api.example.com");
            // In-mesh names are still left to the sidecar on the derived client.
            try (Response response = get(client, "https://payment-service:" + port + "/")) {
                assertThat(response.code()).isEqualTo(200);
            }
        }
        assertThat(upstream.getRequestCount()).isEqualTo(2);
    }

    @Test
    void anInMeshCallRedirectedToAnExternalHostIsNotFollowedUnverified() throws Exception {
        HeldCertificate externalCert = new HeldCertificate.Builder()
                .addSubjectAlternativeName("api.example.com")
                .build();
        try (MockWebServer external = new MockWebServer()) {
            external.useHttps(new HandshakeCertificates.Builder()
                    .heldCertificate(externalCert)
                    .build()
                    .sslSocketFactory());
            external.start(InetAddress.getLoopbackAddress(), 0);
            upstream.enqueue(new MockResponse.Builder()
                    .code(302)
                    .setHeader("Location", "https://api.example.com:" + external.getPort() + "/steal")
                    .build());
            try (HttpClientFactory factory = MeshFactories.mesh()) {
                assertThatThrownBy(() -> get(meshClient(factory), "https://payment-service:" + port + "/")
                                .close())
                        .isInstanceOf(IOException.class)
                        .satisfies(e -> assertThat(e)
                                .isInstanceOfAny(SSLHandshakeException.class, SSLPeerUnverifiedException.class));
            }
            assertThat(upstream.getRequestCount()).isEqualTo(1);
            assertThat(external.getRequestCount()).isZero();
        }
    }

    @Test
    void theSidecarTrustManagerAloneRefusesARedirectToAnExternalHost() throws Exception {
        // The host name check is switched off for this call, so only the trust manager can stop it.
        upstream.enqueue(new MockResponse.Builder()
                .code(302)
                .setHeader("Location", "https://api.partner.example:" + port + "/steal")
                .build());
        upstream.enqueue(new MockResponse.Builder().body("stolen").build());
        try (HttpClientFactory factory = MeshFactories.mesh()) {
            OkHttpClient client = meshClient(factory)
                    .newBuilder()
                    .addInterceptor(chain ->
                            chain.withHostnameVerifier((host, session) -> true).proceed(chain.request()))
                    .build();
            assertThatThrownBy(() ->
                            get(client, "https://payment-service:" + port + "/").close())
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("\"api.partner.example\" is not one, so its certificate must be verified");
        }
        assertThat(upstream.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theSidecarHostNameCheckAloneRefusesARedirectToAnExternalHost() throws Exception {
        // A trust manager that accepts the upstream replaces the sidecar's for this call, so only the
        // host name check can stop it; the certificate does name api.partner.example.
        HandshakeCertificates trusting = new HandshakeCertificates.Builder()
                .addTrustedCertificate(SERVER_CERT.certificate())
                .build();
        upstream.enqueue(new MockResponse.Builder()
                .code(302)
                .setHeader("Location", "https://api.partner.example:" + port + "/steal")
                .build());
        upstream.enqueue(new MockResponse.Builder().body("stolen").build());
        try (HttpClientFactory factory = MeshFactories.mesh()) {
            OkHttpClient client = meshClient(factory)
                    .newBuilder()
                    .addInterceptor(
                            chain -> chain.withSslSocketFactory(trusting.sslSocketFactory(), trusting.trustManager())
                                    .proceed(chain.request()))
                    .build();
            assertThatThrownBy(() ->
                            get(client, "https://payment-service:" + port + "/").close())
                    .isInstanceOf(SSLPeerUnverifiedException.class)
                    .hasMessageContaining("Hostname api.partner.example not verified");
        }
        assertThat(upstream.getRequestCount()).isEqualTo(1);
    }

    @Test
    void configuredClientTlsIsNamedInTheIgnoredSettingsLineWithoutItsPassword(@TempDir Path dir) throws Exception {
        Path keyStore = writeClientKeyStore(dir);
        String hocon = "nala.services.\"payment-service\".tls.key-store { path = \""
                + keyStore.toString().replace("\\", "\\\\") + "\", password = s3cr3t-pw }";
        try (LogCapture log = new LogCapture(MeshModeProvider.class)) {
            MeshFactories.mesh(hocon).close();
            assertThat(log.messages(Level.INFO))
                    .singleElement()
                    .asString()
                    .contains("nala.services.\"payment-service\".tls.key-store.path")
                    .contains("nala.services.\"payment-service\".tls.key-store.password")
                    .doesNotContain("s3cr3t-pw")
                    .contains("client certificates and trust stores are not used");
        }
    }

    private static Path writeClientKeyStore(Path dir) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", CLIENT_CERT.keyPair().getPrivate(), "changeit".toCharArray(), new Certificate[] {
            CLIENT_CERT.certificate()
        });
        Path file = dir.resolve("client.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
        return file;
    }
}
