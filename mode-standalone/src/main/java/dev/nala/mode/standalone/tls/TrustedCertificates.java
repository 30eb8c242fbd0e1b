package dev.nala.mode.standalone.tls;

import dev.nala.internal.settings.TlsSettings.StoreSettings;
import dev.nala.internal.settings.TlsSettings.StoreType;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.tls.HandshakeCertificates;

/**
 * The certificate authorities a service's server certificate must chain to: the configured
 * trust store, or the JDK's own CAs when none is set.
 *
 * @param certificates the CAs of the trust store; empty for the JDK's own
 * @param description what is trusted, for the log line ("3 CAs from /etc/ca.pem")
 */
record TrustedCertificates(List<X509Certificate> certificates, String description) {

    /** The JDK's default CAs ({@code cacerts}, or {@code javax.net.ssl.trustStore} if set). */
    static TrustedCertificates system() {
        return new TrustedCertificates(List.of(), "the JDK's CAs");
    }

    /** Loads and checks a configured trust store. */
    static TrustedCertificates load(StoreSettings settings) {
        StoreFile store = new StoreFile(settings, "trust store");
        List<X509Certificate> certificates = settings.type() == StoreType.PEM
                ? StoreLoading.pemCertificates(store)
                : storeCertificates(store, StoreLoading.binaryStore(store));
        if (certificates.isEmpty()) {
            String problem = "the store holds no certificates";
            if (settings.type() == StoreType.PKCS12 && !store.hasPassword()) {
                problem +=
                        "; Java cannot see the certificates of most PKCS12 files without " + store.setting("password");
            } else if (settings.type() == StoreType.PKCS12) {
                problem += "; Java trusts only certificates that keytool marked as trusted, so for a PKCS12 file"
                        + " made by another tool give the CA's PEM file with type = PEM instead";
            }
            throw store.invalidStore(problem, null);
        }
        int count = certificates.size();
        return new TrustedCertificates(
                List.copyOf(certificates), count + (count == 1 ? " CA" : " CAs") + " from " + settings.path());
    }

    /** Makes {@code builder} trust these CAs. */
    void addTo(HandshakeCertificates.Builder builder) {
        if (certificates.isEmpty()) {
            builder.addPlatformTrustedCertificates();
        } else {
            certificates.forEach(builder::addTrustedCertificate);
        }
    }

    /** What the JDK's trust manager would trust in a store: its certificate entries and each key's own certificate. */
    private static List<X509Certificate> storeCertificates(StoreFile store, KeyStore keyStore) {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (String alias : Collections.list(keyStore.aliases())) {
                Certificate certificate = null;
                if (keyStore.isCertificateEntry(alias)) {
                    certificate = keyStore.getCertificate(alias);
                } else if (keyStore.isKeyEntry(alias)) {
                    Certificate[] chain = keyStore.getCertificateChain(alias);
                    certificate = chain == null || chain.length == 0 ? null : chain[0];
                }
                if (certificate instanceof X509Certificate) {
                    certificates.add((X509Certificate) certificate);
                }
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw store.invalidStore("its entries cannot be listed (" + e.getMessage() + ")", e);
        }
    }
}
