package dev.nala.mode.standalone.tls;

import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;

/**
 * The TLS objects one service's calls use, built once so calls share connections (see "Built
 * once" in docs/standalone-tls.md).
 *
 * @param socketFactory TLS 1.2+ sockets over the service's trust and key material
 * @param trustManager the trust manager inside {@code socketFactory}, which OkHttp needs too
 * @param hostnameVerifier OkHttp's strict verifier, against {@code server-name} when set
 * @param serverName the configured {@code server-name}, if any
 * @param description what this TLS trusts and presents, for the log
 */
record ServiceTls(
        SSLSocketFactory socketFactory,
        X509TrustManager trustManager,
        HostnameVerifier hostnameVerifier,
        Optional<String> serverName,
        String description) {

    /** OkHttp's strict verifier, the one every OkHttpClient has unless told otherwise. */
    private static final HostnameVerifier OKHTTP_VERIFIER = new OkHttpClient().hostnameVerifier();

    static ServiceTls build(
            TrustedCertificates trusted, Optional<ClientCertificate> clientCertificate, Optional<String> serverName) {
        HandshakeCertificates.Builder builder = new HandshakeCertificates.Builder();
        trusted.addTo(builder);
        clientCertificate.flatMap(ClientCertificate::pem).ifPresent(pem -> pem.addTo(builder));
        SSLContext context;
        X509TrustManager trustManager;
        try {
            HandshakeCertificates certificates = builder.build();
            trustManager = certificates.trustManager();
            Optional<X509KeyManager> storeKeys = clientCertificate.flatMap(ClientCertificate::keyStoreManager);
            context =
                    storeKeys.isPresent() ? keyStoreContext(storeKeys.get(), trustManager) : certificates.sslContext();
        } catch (Exception e) { // OkHttp's Kotlin code declares none of the JDK's checked exceptions.
            throw new IllegalStateException("This JVM has no usable TLS implementation: " + e.getMessage(), e);
        }
        HostnameVerifier verifier = serverName
                .<HostnameVerifier>map(name -> new ServerNameVerifier(name, OKHTTP_VERIFIER))
                .orElse(OKHTTP_VERIFIER);
        String description = "trusts " + trusted.description()
                + clientCertificate.map(c -> ", presents " + c.description()).orElse(", presents no client certificate")
                + serverName
                        .map(name -> ", verifies the server as \"" + name + "\"")
                        .orElse("");
        return new ServiceTls(
                new ModernTlsSocketFactory(context, serverName), trustManager, verifier, serverName, description);
    }

    /**
     * Put together by hand because {@link HandshakeCertificates} holds one key, while a PKCS12 or
     * JKS store's key manager picks among all of the store's keys in each handshake.
     */
    private static SSLContext keyStoreContext(X509KeyManager keyManager, X509TrustManager trustManager)
            throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
        return context;
    }
}
