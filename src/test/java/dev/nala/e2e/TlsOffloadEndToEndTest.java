package dev.nala.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.HttpClientFactory;
import dev.nala.e2e.support.Haproxy;
import dev.nala.e2e.support.MeshDns;
import dev.nala.e2e.support.ModeFactories;
import dev.nala.e2e.support.ScriptedUpstream;
import dev.nala.e2e.support.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3: TLS offload. A real HAProxy terminates TLS with a certificate for the in-mesh name
 * {@code payment-service.shop.svc.cluster.local}, signed by a CA the test makes up and no JVM
 * trusts. Mesh mode leaves TLS to in-mesh hosts to the sidecar, so its calls work; standalone
 * mode verifies every certificate, so without a trust store its call fails, and with the test CA
 * in the service's trust store it works.
 */
class TlsOffloadEndToEndTest {
    private static final String SERVICE = "payment-service";

    @TempDir
    Path dir;

    private final MeshDns dns = MeshDns.clusterLocal();
    private TestCertificates certificates;
    private ScriptedUpstream upstream;
    private Haproxy sidecar;

    @BeforeEach
    void start() throws IOException {
        certificates = TestCertificates.forNames(ModeFactories.meshName(SERVICE));
        upstream = ScriptedUpstream.start(n -> ScriptedUpstream.ok("secure"));
        sidecar = Haproxy.tlsTerminating(dir, certificates.writeServerPem(dir), upstream.port());
    }

    @AfterEach
    void stop() throws IOException {
        // start() may have stopped early on a missing haproxy (an assumption): close what exists.
        if (sidecar != null) {
            sidecar.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private String inMeshUrl() {
        return "https://" + ModeFactories.meshName(SERVICE) + ":" + sidecar.port() + "/charge";
    }

    private static Response get(OkHttpClient client, String url) throws IOException {
        return client.newCall(new Request.Builder().url(url).build()).execute();
    }

    @Test
    void meshModeCallsTheLogicalNameOverHttpsAndLeavesTheCertificateToTheSidecar() throws Exception {
        try (HttpClientFactory factory =
                ModeFactories.mesh("nala.services.\"" + SERVICE + "\".port = " + sidecar.port())) {
            OkHttpClient client = factory.client().newBuilder().dns(dns).build();
            try (Response response = get(client, "https://" + SERVICE + "/charge")) {
                assertThat(response.code()).as(sidecar.log()).isEqualTo(200);
                assertThat(response.body().string()).isEqualTo("secure");
                assertThat(response.handshake()).as("TLS was used, not skipped").isNotNull();
            }
            try (Response response = get(client, inMeshUrl())) {
                assertThat(response.body().string()).isEqualTo("secure");
            }
        }
        assertThat(upstream.requestCount()).isEqualTo(2);
    }

    @Test
    void meshModeStillVerifiesTheSameListenerWhenItIsNotCalledByAnInMeshName() throws Exception {
        try (HttpClientFactory factory = ModeFactories.mesh("")) {
            OkHttpClient client = factory.client().newBuilder().dns(dns).build();
            assertThatThrownBy(() -> get(client, "https://127.0.0.1:" + sidecar.port() + "/charge"))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasRootCauseInstanceOf(CertPathBuilderException.class);
        }
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void standaloneModeWithoutATrustStoreRejectsTheCertificate() throws Exception {
        try (HttpClientFactory factory = ModeFactories.standalone(staticEndpoint(""))) {
            OkHttpClient client = factory.client().newBuilder().dns(dns).build();
            // The call of the trust-store test below, without the trust store: not retried, since
            // a certificate the client does not trust fails the same way every time.
            assertThatThrownBy(() -> get(client, "https://" + SERVICE + "/charge"))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("PKIX path building failed")
                    .hasRootCauseInstanceOf(CertPathBuilderException.class)
                    .satisfies(e ->
                            assertThat(e.getSuppressed()).as("earlier attempts").isEmpty());
            assertThatThrownBy(() -> get(client, inMeshUrl()))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("PKIX path building failed")
                    .hasRootCauseInstanceOf(CertPathBuilderException.class);
        }
        assertThat(upstream.requestCount()).isZero();
    }

    /** The service with the sidecar's listener as its one static endpoint, plus {@code more} settings. */
    private String staticEndpoint(String more) {
        return "nala.services.\"" + SERVICE + "\" {\n"
                + "  discovery = static\n"
                + "  endpoints = [\"127.0.0.1:" + sidecar.port() + "\"]\n"
                + more
                + "}\n";
    }

    @Test
    void standaloneModeWithTheTestCaInTheServicesTrustStoreWorks() throws Exception {
        char[] password = "trust-store-secret".toCharArray();
        Path trustStore = dir.resolve("trust.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("nala-test-ca", certificates.ca().certificate());
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            store.store(out, password);
        }
        String hocon = staticEndpoint("  tls.trust-store { path = \"" + trustStore + "\", password = \""
                + new String(password) + "\", type = PKCS12 }\n");
        try (HttpClientFactory factory = ModeFactories.standalone(hocon)) {
            OkHttpClient client = factory.client().newBuilder().dns(dns).build();
            try (Response response = get(client, "https://" + SERVICE + "/charge")) {
                assertThat(response.code()).as(sidecar.log()).isEqualTo(200);
                assertThat(response.body().string()).isEqualTo("secure");
            }
            // The trust store is the service's: other hosts keep the JDK's trust, so the same listener
            // called by another name is still rejected.
            assertThatThrownBy(() -> get(client, inMeshUrl())).isInstanceOf(SSLHandshakeException.class);
        }
        assertThat(upstream.requestCount()).isEqualTo(1);
    }
}
