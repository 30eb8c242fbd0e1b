package dev.nala.mode.standalone.tls;

import dev.nala.settings.TlsSettings.StoreSettings;
import dev.nala.settings.TlsSettings.StoreType;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities a service's server certificate must chain to: the configured
 * trust store, or the JDK's own CAs when none is set.
 *
 * @param trustManager checks the server's chain (PKIX, the JDK's default algorithm)
 * @param description what is trusted, for the log line ("3 CAs from /etc/ca.pem")
 */
record TrustedCertificates(X509TrustManager trustManager, String description) {

    /** The JDK's default CAs ({@code cacerts}, or {@code javax.net.ssl.trustStore} if set). */
    static TrustedCertificates system() {
        return new TrustedCertificates(trustManagerFor(null), "the JDK's CAs");
    }

    /** Loads and checks a configured trust store. */
    static TrustedCertificates load(StoreSettings settings) {
        StoreFile store = new StoreFile(settings, "trust store");
        KeyStore keyStore = settings.type() == StoreType.PEM ? pemStore(store) : StoreLoading.binaryStore(store);
        int count = countCertificates(store, keyStore);
        if (count == 0) {
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
        try {
            return new TrustedCertificates(
                    trustManagerFor(keyStore), count + (count == 1 ? " CA" : " CAs") + " from " + settings.path());
        } catch (IllegalStateException e) {
            throw store.invalidStore("the certificates cannot be used as trust anchors (" + e.getMessage() + ")", e);
        }
    }

    private static KeyStore pemStore(StoreFile store) {
        byte[] bytes = store.readStore();
        List<X509Certificate> certificates =
                StoreLoading.pemCertificates(store, bytes, StoreLoading.pemBlocks(store, bytes, false));
        try {
            KeyStore keyStore = KeyStore.getInstance(KeyStore.getDefaultType());
            keyStore.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                keyStore.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            return keyStore;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("This JVM cannot hold certificates in memory", e);
        }
    }

    private static int countCertificates(StoreFile store, KeyStore keyStore) {
        try {
            int count = 0;
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isCertificateEntry(alias)) {
                    count++;
                } else if (keyStore.isKeyEntry(alias)) {
                    Certificate[] chain = keyStore.getCertificateChain(alias);
                    count += chain == null || chain.length == 0 ? 0 : 1;
                }
            }
            return count;
        } catch (GeneralSecurityException e) {
            throw store.invalidStore("its entries cannot be listed (" + e.getMessage() + ")", e);
        }
    }

    private static X509TrustManager trustManagerFor(KeyStore keyStore) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore);
            List<String> found = new ArrayList<>();
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager) {
                    return (X509TrustManager) manager;
                }
                found.add(manager.getClass().getName());
            }
            throw new IllegalStateException("the JDK's trust manager factory made no X509TrustManager, only " + found);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's trust manager factory failed: " + e.getMessage(), e);
        }
    }
}
