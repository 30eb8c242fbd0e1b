package dev.nala.mode.standalone.tls;

import dev.nala.settings.TlsSettings.StoreSettings;
import dev.nala.settings.TlsSettings.StoreType;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * The certificate and private key a client presents for mutual TLS, from a PKCS12 or JKS key
 * store or from a PEM certificate chain plus a PKCS#8 key file.
 *
 * @param keyManager hands the key and chain to the TLS handshake when the server asks for them
 * @param certificate the first client certificate found, for the log line
 * @param description what is presented, for the log line
 */
record ClientCertificate(X509KeyManager keyManager, X509Certificate certificate, String description) {
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

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
                    keyManager(keyStore, store.password()),
                    certificate,
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
        byte[] chainBytes = store.readStore();
        List<X509Certificate> chain =
                StoreLoading.pemCertificates(store, chainBytes, StoreLoading.pemBlocks(store, chainBytes, false));
        PrivateKey key = PemPrivateKey.read(store, chain.get(0));
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            return new ClientCertificate(
                    keyManager(keyStore, IN_MEMORY_PASSWORD),
                    chain.get(0),
                    chain.get(0).getSubjectX500Principal().getName() + " from "
                            + store.settings().path() + " with the key in "
                            + store.settings().keyPath().orElseThrow());
        } catch (GeneralSecurityException | IOException e) {
            throw store.invalidKey("the key and certificate chain cannot be used together (" + e.getMessage() + ")", e);
        }
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
