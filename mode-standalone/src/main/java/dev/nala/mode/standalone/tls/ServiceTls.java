package dev.nala.mode.standalone.tls;

import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.internal.tls.OkHostnameVerifier;

/**
 * The TLS objects one service's calls use, built once. OkHttp pools connections by address, and
 * the socket factory and host name verifier are part of the address: every call of the service
 * must get these same instances, or no connection would ever be reused.
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

    static ServiceTls build(
            Optional<TrustedCertificates> trustStore,
            Supplier<TrustedCertificates> systemTrust,
            Optional<ClientCertificate> clientCertificate,
            Optional<String> serverName) {
        TrustedCertificates trusted = trustStore.orElseGet(systemTrust);
        KeyManager[] keyManagers = clientCertificate
                .map(certificate -> new KeyManager[] {certificate.keyManager()})
                // An empty array, not null: null would let the JDK pick up javax.net.ssl.keyStore.
                .orElseGet(() -> new KeyManager[0]);
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(keyManagers, new TrustManager[] {trusted.trustManager()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no usable TLS implementation: " + e.getMessage(), e);
        }
        HostnameVerifier verifier =
                serverName.<HostnameVerifier>map(ServerNameVerifier::new).orElse(OkHostnameVerifier.INSTANCE);
        String description = "trusts " + trusted.description()
                + clientCertificate.map(c -> ", presents " + c.description()).orElse(", presents no client certificate")
                + serverName
                        .map(name -> ", verifies the server as \"" + name + "\"")
                        .orElse("");
        return new ServiceTls(
                new ModernTlsSocketFactory(context, serverName),
                trusted.trustManager(),
                verifier,
                serverName,
                description);
    }
}
