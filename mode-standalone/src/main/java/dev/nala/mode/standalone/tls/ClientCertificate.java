package dev.nala.mode.standalone.tls;

import dev.nala.internal.settings.TlsSettings.StoreSettings;
import dev.nala.internal.settings.TlsSettings.StoreType;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * The certificate and private key a client presents for mutual TLS, from a PKCS12 or JKS key
 * store or from a PEM certificate chain plus a PKCS#8 key file. A store keeps the JDK's key
 * manager over the whole store, which picks among all its keys in each handshake; OkHttp's
 * {@link HandshakeCertificates} holds one key, so it presents PEM key stores only.
 *
 * @param certificate the client certificate, for the log line
 * @param pem a PEM key store's key and chain
 * @param keyStoreManager a PKCS12 or JKS store's key manager
 * @param description what is presented, for the log line
 */
record ClientCertificate(
        X509Certificate certificate, Optional<Pem> pem, Optional<X509KeyManager> keyStoreManager, String description) {

    /** A PEM key store: the key with the first certificate, then the rest of the chain. */
    record Pem(HeldCertificate held, X509Certificate[] intermediates) {
        void addTo(HandshakeCertificates.Builder builder) {
            builder.heldCertificate(held, intermediates);
        }
    }

    /** Loads and checks a configured key store. */
    static ClientCertificate load(StoreSettings settings) {
        StoreFile store = new StoreFile(settings, "key store");
        if (settings.type() == StoreType.PEM) {
            return fromPem(store);
        }
        KeyStore keyStore = StoreLoading.binaryStore(store);
        String alias = firstKeyEntry(store, keyStore);
        try {
            // Recovering the key now, not in the first handshake, is what makes a wrong key password fail here.
            keyStore.getKey(alias, store.password());
            X509Certificate certificate = (X509Certificate) keyStore.getCertificateChain(alias)[0];
            return new ClientCertificate(
                    certificate,
                    Optional.empty(),
                    Optional.of(keyManager(keyStore, store.password())),
                    certificate.getSubjectX500Principal().getName() + " from " + settings.path());
        } catch (UnrecoverableKeyException e) {
            throw store.wrongPassword(
                    "path",
                    settings.path(),
                    "the private key \"" + alias + "\" cannot be read (Nala opens keys with the store password)",
                    e);
        } catch (GeneralSecurityException e) {
            throw store.invalidStore("the private key \"" + alias + "\" cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static ClientCertificate fromPem(StoreFile store) {
        List<X509Certificate> chain = StoreLoading.pemCertificates(store);
        Pem pem = new Pem(
                PemPrivateKey.read(store, chain.get(0)),
                chain.subList(1, chain.size()).toArray(new X509Certificate[0]));
        try {
            // Built once here so that a key and chain the JDK will not store together fail naming the files.
            HandshakeCertificates.Builder check = new HandshakeCertificates.Builder();
            pem.addTo(check);
            check.build();
        } catch (Exception e) { // OkHttp's Kotlin code declares none of the JDK's checked exceptions.
            throw store.invalidKey("the key and certificate chain cannot be used together (" + e.getMessage() + ")", e);
        }
        return new ClientCertificate(
                chain.get(0),
                Optional.of(pem),
                Optional.empty(),
                chain.get(0).getSubjectX500Principal().getName() + " from "
                        + store.settings().path() + " with the key in "
                        + store.settings().keyPath().orElseThrow());
    }

    private static String firstKeyEntry(StoreFile store, KeyStore keyStore) {
        List<String> others = new ArrayList<>();
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias)) {
                    Certificate[] chain = keyStore.getCertificateChain(alias);
                    if (chain != null && chain.length > 0 && chain[0] instanceof X509Certificate) {
                        return alias;
                    }
                }
                others.add(alias);
            }
        } catch (GeneralSecurityException e) {
            throw store.invalidStore("its entries cannot be listed (" + e.getMessage() + ")", e);
        }
        if (!store.hasPassword()) {
            throw store.invalidStore(
                    "no private key with a certificate chain can be read: " + store.setting("password")
                            + " is not set, and Java cannot read the entries of most key stores without it",
                    null);
        }
        throw store.invalidStore(
                "the store has no private key with a certificate chain, which mutual TLS needs"
                        + (others.isEmpty()
                                ? " (it is empty)"
                                : " (its entries " + others + " hold certificates only)"),
                null);
    }

    private static X509KeyManager keyManager(KeyStore keyStore, char[] password) throws UnrecoverableKeyException {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore, password);
            for (KeyManager manager : factory.getKeyManagers()) {
                if (manager instanceof X509KeyManager) {
                    return (X509KeyManager) manager;
                }
            }
            throw new IllegalStateException("the JDK's key manager factory made no X509KeyManager");
        } catch (UnrecoverableKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's key manager factory failed: " + e.getMessage(), e);
        }
    }
}
