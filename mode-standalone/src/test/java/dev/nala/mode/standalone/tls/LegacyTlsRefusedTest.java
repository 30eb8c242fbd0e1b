package dev.nala.mode.standalone.tls;

import static dev.nala.mode.standalone.tls.TestPki.PASSWORD;
import static dev.nala.mode.standalone.tls.TestPki.SERVER_CA;
import static dev.nala.mode.standalone.tls.TestPki.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.Security;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.ConnectionSpec;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.TlsVersion;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that speaks only TLS 1.1 is refused, even when the JVM has old TLS re-enabled and the
 * client's connection specs allow it. This class runs in its own JVM (the {@code legacy-tls}
 * surefire execution) with {@code legacy-tls-enabled.java.security}; in a stock JDK 17 the JDK
 * itself would refuse TLS 1.1 and the test would prove nothing.
 */
class LegacyTlsRefusedTest {
    /** RSA: the CBC suites TLS 1.1 needs are there for RSA in every JDK. Made once: RSA keys are slow to make. */
    private static final HeldCertificate RSA_SERVER = new HeldCertificate.Builder()
            .rsa2048()
            .addSubjectAlternativeName("127.0.0.1")
            .signedBy(SERVER_CA)
            .build();

    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();
    private OkHttpClient client;

    @BeforeEach
    void tls11OnlyServer() throws IOException {
        assertThat(Security.getProperty("jdk.tls.disabledAlgorithms"))
                .as("this test needs the legacy-tls surefire run, which re-enables TLS 1.1 in the JVM")
                .doesNotContain("TLSv1.1");
        HandshakeCertificates serverTls = new HandshakeCertificates.Builder()
                .heldCertificate(RSA_SERVER, SERVER_CA.certificate())
                .build();
        server.useHttps(new OnlyProtocolSocketFactory(serverTls.sslSocketFactory(), "TLSv1.1"));
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        server.enqueue(new MockResponse.Builder().body("ok").build());
        server.enqueue(new MockResponse.Builder().body("ok").build());
    }

    @AfterEach
    void stop() {
        server.close();
        if (client != null) {
            client.dispatcher().executorService().shutdownNow();
            client.connectionPool().evictAll();
        }
    }

    @Test
    void withoutNalaTheSameClientWouldSpeakTls11() throws Exception {
        // The control: proves the server and the JVM really do TLS 1.1 in this run.
        HandshakeCertificates trust = new HandshakeCertificates.Builder()
                .addTrustedCertificate(SERVER_CA.certificate())
                .build();
        client = new OkHttpClient.Builder()
                .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
                .connectionSpecs(List.of(ConnectionSpec.COMPATIBLE_TLS))
                .addInterceptor(toServer())
                .build();

        try (Response response = call("https://payments/charge")) {
            assertThat(response.handshake().tlsVersion()).isEqualTo(TlsVersion.TLS_1_1);
        }
    }

    @Test
    void nalaRefusesTls11() throws Exception {
        Path ca = TestPki.pem(dir, "ca.pem", SERVER_CA.certificatePem());
        ClientTls tls = ClientTls.load(TestPki.settings("nala.services.payments.tls.trust-store { path = " + quoted(ca)
                + ", type = PEM, password = " + quoted(PASSWORD) + " }"));
        client = new OkHttpClient.Builder()
                .connectionSpecs(List.of(ConnectionSpec.COMPATIBLE_TLS))
                .addInterceptor(toServer())
                .addInterceptor(steps(tls))
                .build();

        assertThatThrownBy(() -> call("https://payments/charge").close()).isInstanceOf(IOException.class);
        assertThat(server.getRequestCount()).isZero();
        assertThat(server.takeRequest(100, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void theSocketsOfAServiceEnableTls12AndNewerOnly() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        assertThat(context.getDefaultSSLParameters().getProtocols())
                .as("the JVM would offer TLS 1.1")
                .contains("TLSv1.1");

        SSLSocketFactory factory = new ModernTlsSocketFactory(context, java.util.Optional.empty());
        try (SSLSocket socket = (SSLSocket) factory.createSocket()) {
            assertThat(socket.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        }
    }

    private Response call(String url) throws IOException {
        return client.newCall(new Request.Builder().url(url).build()).execute();
    }

    private Interceptor toServer() {
        return chain -> chain.proceed(chain.request()
                .newBuilder()
                .url(chain.request()
                        .url()
                        .newBuilder()
                        .host("127.0.0.1")
                        .port(server.getPort())
                        .build())
                .build());
    }

    /** The client TLS step as an interceptor of a plain client. */
    private static okhttp3.Interceptor steps(ClientTls tls) {
        dev.nala.mode.standalone.AttemptStep step = tls.around(dev.nala.mode.standalone.AttemptStep.PROCEED);
        return chain -> step.proceed(chain, chain.request());
    }
}
