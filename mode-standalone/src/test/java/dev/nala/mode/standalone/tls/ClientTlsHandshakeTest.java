package dev.nala.mode.standalone.tls;

import static dev.nala.mode.standalone.tls.TestPki.CLIENT;
import static dev.nala.mode.standalone.tls.TestPki.CLIENT_CA;
import static dev.nala.mode.standalone.tls.TestPki.PASSWORD;
import static dev.nala.mode.standalone.tls.TestPki.SERVER_CA;
import static dev.nala.mode.standalone.tls.TestPki.SERVER_FOR_IP;
import static dev.nala.mode.standalone.tls.TestPki.SERVER_FOR_NAME;
import static dev.nala.mode.standalone.tls.TestPki.STRANGER_CA;
import static dev.nala.mode.standalone.tls.TestPki.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.TlsVersion;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real TLS handshakes against a loopback server, through a client with the attempt step of {@link ClientTls#around}. */
class ClientTlsHandshakeTest {
    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();
    private final List<OkHttpClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        server.close();
        for (OkHttpClient client : clients) {
            client.dispatcher().executorService().shutdownNow();
            client.connectionPool().evictAll();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKCS12", "JKS", "PEM"})
    void aServiceTrustsItsOwnCa(String type) throws Exception {
        start(SERVER_FOR_IP);
        OkHttpClient client = client(services("payments", "trust-store { " + trustStore(type, SERVER_CA) + " }"));

        assertThat(get(client, "https://payments/charge")).isEqualTo("ok");
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/charge");
        assertThat(recorded.getHandshake().tlsVersion()).isIn(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3);
    }

    @Test
    void aServerThatSpeaksOnlyTls12IsAccepted() throws Exception {
        server.useHttps(new OnlyProtocolSocketFactory(
                TestPki.server(SERVER_FOR_IP, SERVER_CA).sslSocketFactory(), "TLSv1.2"));
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        server.enqueue(new MockResponse.Builder().body("ok").build());
        OkHttpClient client = client(services("payments", "trust-store { " + trustStore("PEM", SERVER_CA) + " }"));

        assertThat(get(client, "https://payments/charge")).isEqualTo("ok");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHandshake().tlsVersion())
                .isEqualTo(TlsVersion.TLS_1_2);
    }

    @Test
    void aServerSignedByAnotherCaIsRefused() throws Exception {
        HeldCertificate impostor = new HeldCertificate.Builder()
                .addSubjectAlternativeName("127.0.0.1")
                .signedBy(STRANGER_CA)
                .build();
        start(impostor, STRANGER_CA);
        OkHttpClient client = client(services("payments", "trust-store { " + trustStore("PEM", SERVER_CA) + " }"));

        assertThatThrownBy(() -> get(client, "https://payments/charge")).isInstanceOf(SSLHandshakeException.class);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theCertificateMustNameTheHostCalled() throws Exception {
        start(SERVER_FOR_NAME);
        OkHttpClient client = client(services("payments", "trust-store { " + trustStore("PEM", SERVER_CA) + " }"));

        assertThatThrownBy(() -> get(client, "https://payments/charge"))
                .isInstanceOf(SSLPeerUnverifiedException.class)
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void serverNameVerifiesAnEndpointReachedByIpAgainstTheConfiguredName() throws Exception {
        start(SERVER_FOR_NAME);
        OkHttpClient client = client(services(
                "payments", "trust-store { " + trustStore("PEM", SERVER_CA) + " }, server-name = payments.internal"));

        assertThat(get(client, "https://payments/charge")).isEqualTo("ok");
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded.getHandshakeServerNames())
                .as("the configured name is sent in SNI, although the host called is an IP address")
                .containsExactly("payments.internal");
    }

    @Test
    void serverNameIsCheckedStrictlyToo() throws Exception {
        start(SERVER_FOR_NAME);
        OkHttpClient client = client(services(
                "payments", "trust-store { " + trustStore("PEM", SERVER_CA) + " }, server-name = billing.internal"));

        assertThatThrownBy(() -> get(client, "https://payments/charge"))
                .isInstanceOf(SSLPeerUnverifiedException.class)
                .hasMessageContaining("tls.server-name \"billing.internal\"")
                .hasMessageContaining("payments.internal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKCS12", "JKS", "PEM", "ENCRYPTED-PEM"})
    void mutualTlsPresentsTheClientCertificate(String type) throws Exception {
        server.requireClientAuth();
        start(SERVER_FOR_IP);
        OkHttpClient client = client(services(
                "payments",
                "trust-store { " + trustStore("PEM", SERVER_CA) + " }, key-store { " + keyStore(type) + " }"));

        assertThat(get(client, "https://payments/charge")).isEqualTo("ok");
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded.getHandshake().peerCertificates()).first().isEqualTo(CLIENT.certificate());
    }

    @Test
    void aPemKeyStoreMayHoldTheChainAndTheKeyInOneFile() throws Exception {
        server.requireClientAuth();
        start(SERVER_FOR_IP);
        Path both = TestPki.pem(dir, "client-and-key.pem", CLIENT.certificatePem(), CLIENT.privateKeyPkcs8Pem());
        OkHttpClient client = client(services(
                "payments",
                "trust-store { " + trustStore("PEM", SERVER_CA) + " }, key-store { path = " + quoted(both)
                        + ", key-path = " + quoted(both) + ", type = PEM }"));

        assertThat(get(client, "https://payments/charge")).isEqualTo("ok");
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded.getHandshake().peerCertificates()).first().isEqualTo(CLIENT.certificate());
    }

    @Test
    void mutualTlsPresentsAnEd25519PemKey() throws Exception {
        // OkHttp's HeldCertificate.decode reads RSA and EC keys only; Nala reads Ed25519 keys itself.
        HeldCertificate edClient = new HeldCertificate.Builder()
                .commonName("orders-client-ed25519")
                .keyPair(KeyPairGenerator.getInstance("Ed25519").generateKeyPair())
                .signedBy(CLIENT_CA)
                .build();
        server.requireClientAuth();
        start(SERVER_FOR_IP);
        OkHttpClient client = client(services(
                "payments",
                "trust-store { " + trustStore("PEM", SERVER_CA) + " }, key-store { path = "
                        + quoted(TestPki.pem(dir, "client-ed.pem", edClient.certificatePem()))
                        + ", key-path = " + quoted(TestPki.pem(dir, "client-ed.key", edClient.privateKeyPkcs8Pem()))
                        + ", type = PEM }"));

        assertThat(get(client, "https://payments/charge")).isEqualTo("ok");
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded.getHandshake().peerCertificates()).first().isEqualTo(edClient.certificate());
    }

    @Test
    void aServerThatRequiresAClientCertificateRefusesAClientWithout() throws Exception {
        server.requireClientAuth();
        start(SERVER_FOR_IP);
        OkHttpClient client = client(services("payments", "trust-store { " + trustStore("PEM", SERVER_CA) + " }"));

        assertThatThrownBy(() -> get(client, "https://payments/charge")).isInstanceOf(IOException.class);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void defaultsApplyToEveryServiceWithoutItsOwnBlock() throws Exception {
        start(SERVER_FOR_IP);
        OkHttpClient client = client("nala.defaults.tls.trust-store { " + trustStore("PEM", SERVER_CA) + " }\n"
                + "nala.services.orders { port = 8080 }");

        assertThat(get(client, "https://inventory/items")).isEqualTo("ok");
        assertThat(get(client, "https://orders/items"))
                .as("inherits the defaults' TLS")
                .isEqualTo("ok");
    }

    @Test
    void aServiceWithoutTlsSettingsKeepsTheClientsOwnTls() throws Exception {
        start(SERVER_FOR_IP);
        // Only "payments" has TLS, with a CA that did not sign this server.
        ClientTls tls = ClientTls.load(
                TestPki.settings(services("payments", "trust-store { " + trustStore("PEM", STRANGER_CA) + " }")));
        HandshakeCertificates clientLevel = new HandshakeCertificates.Builder()
                .addTrustedCertificate(SERVER_CA.certificate())
                .build();
        OkHttpClient client = register(new OkHttpClient.Builder()
                .sslSocketFactory(clientLevel.sslSocketFactory(), clientLevel.trustManager())
                .addInterceptor(toServer())
                .addInterceptor(steps(tls))
                .build());

        assertThat(get(client, "https://orders/items"))
                .as("untouched: the client's trust applies")
                .isEqualTo("ok");
        assertThatThrownBy(() -> get(client, "https://payments/charge")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void withoutATrustStoreAServiceTrustsTheJdkCasNotTheClients() throws Exception {
        start(SERVER_FOR_NAME);
        ClientTls tls = ClientTls.load(TestPki.settings(services("payments", "server-name = payments.internal")));
        HandshakeCertificates clientLevel = new HandshakeCertificates.Builder()
                .addTrustedCertificate(SERVER_CA.certificate())
                .build();
        OkHttpClient client = register(new OkHttpClient.Builder()
                .sslSocketFactory(clientLevel.sslSocketFactory(), clientLevel.trustManager())
                .addInterceptor(toServer())
                .addInterceptor(steps(tls))
                .build());

        // The test CA is no public CA: only the client-level trust would have accepted this server.
        assertThatThrownBy(() -> get(client, "https://payments/charge")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void callsToOrdinaryHostsKeepTheClientsOwnTls() throws Exception {
        start(SERVER_FOR_IP);
        ClientTls tls = ClientTls.load(
                TestPki.settings("nala.defaults.tls.trust-store { " + trustStore("PEM", STRANGER_CA) + " }"));
        HandshakeCertificates clientLevel = new HandshakeCertificates.Builder()
                .addTrustedCertificate(SERVER_CA.certificate())
                .build();
        OkHttpClient client = register(new OkHttpClient.Builder()
                .sslSocketFactory(clientLevel.sslSocketFactory(), clientLevel.trustManager())
                .addInterceptor(steps(tls))
                .build());

        // 127.0.0.1 is not a logical service, so the defaults' (wrong) trust store must not apply.
        assertThat(get(client, "https://127.0.0.1:" + server.getPort() + "/direct"))
                .isEqualTo("ok");
    }

    @Test
    void twoCallsShareOneConnectionBecauseTheTlsObjectsAreBuiltOnce() throws Exception {
        start(SERVER_FOR_IP);
        List<SSLSocketFactory> factories = new ArrayList<>();
        List<HostnameVerifier> verifiers = new ArrayList<>();
        Interceptor spy = chain -> {
            factories.add(chain.getSslSocketFactoryOrNull());
            verifiers.add(chain.getHostnameVerifier());
            return chain.proceed(chain.request());
        };
        ClientTls tls = ClientTls.load(
                TestPki.settings(services("payments", "trust-store { " + trustStore("PEM", SERVER_CA) + " }")));
        OkHttpClient client = register(new OkHttpClient.Builder()
                .addInterceptor(toServer())
                .addInterceptor(steps(tls))
                .addInterceptor(spy)
                .build());

        assertThat(get(client, "https://payments/one")).isEqualTo("ok");
        assertThat(get(client, "https://payments/two")).isEqualTo("ok");

        RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(second.getConnectionIndex())
                .as("the second call reused the first call's connection")
                .isEqualTo(first.getConnectionIndex());
        assertThat(second.getExchangeIndex()).isEqualTo(first.getExchangeIndex() + 1);
        assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
        assertThat(factories).hasSize(2).doesNotContainNull();
        assertThat(factories.get(1)).isSameAs(factories.get(0));
        assertThat(verifiers.get(1)).isSameAs(verifiers.get(0));
    }

    @Test
    void plainHttpCallsAreNotTouched() throws Exception {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        server.enqueue(new MockResponse.Builder().body("plain").build());
        OkHttpClient client = client(services("payments", "trust-store { " + trustStore("PEM", SERVER_CA) + " }"));

        assertThat(get(client, "http://payments/charge")).isEqualTo("plain");
    }

    private void start(HeldCertificate certificate) throws IOException {
        start(certificate, SERVER_CA);
    }

    private void start(HeldCertificate certificate, HeldCertificate issuer) throws IOException {
        server.useHttps(TestPki.server(certificate, issuer).sslSocketFactory());
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse.Builder().body("ok").build());
        }
    }

    private String trustStore(String type, HeldCertificate ca) throws Exception {
        Path file = switch (type) {
            case "PEM" -> TestPki.pem(dir, "ca-" + ca.hashCode() + ".pem", ca.certificatePem());
            default -> TestPki.trustStore(dir, type, "ca-" + ca.hashCode() + "." + type.toLowerCase(), ca, PASSWORD);
        };
        return "path = " + quoted(file) + ", type = " + type + ", password = " + TestPki.quoted(PASSWORD);
    }

    private String keyStore(String type) throws Exception {
        return switch (type) {
            case "PEM" ->
                "path = " + quoted(TestPki.pem(dir, "client.pem", CLIENT.certificatePem(), CLIENT_CA.certificatePem()))
                        + ", key-path = " + quoted(TestPki.pem(dir, "client.key", CLIENT.privateKeyPkcs8Pem()))
                        + ", type = PEM";
            case "ENCRYPTED-PEM" ->
                "path = " + quoted(TestPki.pem(dir, "client.pem", CLIENT.certificatePem()))
                        + ", key-path = "
                        + quoted(TestPki.pem(dir, "client-encrypted.key", TestPki.encryptedPkcs8Pem(CLIENT, PASSWORD)))
                        + ", type = PEM, password = " + TestPki.quoted(PASSWORD);
            default ->
                "path = "
                        + quoted(TestPki.keyStore(
                                dir, type, "client." + type.toLowerCase(), CLIENT, CLIENT_CA, PASSWORD))
                        + ", type = " + type + ", password = " + TestPki.quoted(PASSWORD);
        };
    }

    private static String services(String service, String tls) {
        return "nala.services." + service + ".tls { " + tls + " }";
    }

    private OkHttpClient client(String hocon) {
        ClientTls tls = ClientTls.load(TestPki.settings(hocon));
        return register(new OkHttpClient.Builder()
                .addInterceptor(toServer())
                .addInterceptor(steps(tls))
                .build());
    }

    private OkHttpClient register(OkHttpClient client) {
        clients.add(client);
        return client;
    }

    /** Stands in for endpoint selection: a logical service's host becomes the test server's address. */
    private Interceptor toServer() {
        return chain -> {
            Request request = chain.request();
            if (!request.url().host().equals("payments")
                    && !request.url().host().equals("orders")
                    && !request.url().host().equals("inventory")) {
                return chain.proceed(request);
            }
            return chain.proceed(request.newBuilder()
                    .url(request.url()
                            .newBuilder()
                            .host("127.0.0.1")
                            .port(server.getPort())
                            .build())
                    .build());
        };
    }

    private static String get(OkHttpClient client, String url) throws IOException {
        try (Response response =
                client.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.body().string();
        }
    }

    /** The client TLS step as an interceptor of a plain client. */
    private static okhttp3.Interceptor steps(ClientTls tls) {
        dev.nala.mode.standalone.AttemptStep step = tls.around(dev.nala.mode.standalone.AttemptStep.PROCEED);
        return chain -> step.proceed(chain, chain.request());
    }
}
