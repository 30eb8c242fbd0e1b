package dev.nala.mode.standalone.tls;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import okhttp3.tls.HeldCertificate;

/**
 * The private key of a PEM key store ({@code key-path}): one PKCS#8 block, plain
 * ({@code PRIVATE KEY}) or encrypted with the store password ({@code ENCRYPTED PRIVATE KEY}),
 * checked against the certificate it must belong to. Read here, not by OkHttp's
 * {@link HeldCertificate#decode}, which reads neither encrypted nor Ed25519 keys and does not check
 * that the key belongs to the certificate.
 */
final class PemPrivateKey {
    private PemPrivateKey() {}

    /** The key in {@code key-path} with {@code certificate}, the first of the chain in {@code path}. */
    static HeldCertificate read(StoreFile store, X509Certificate certificate) {
        byte[] bytes = store.readKey();
        List<PemBlocks.Block> keys = StoreLoading.pemBlocks(store, bytes, true).stream()
                .filter(block -> block.label().endsWith("PRIVATE KEY"))
                .toList();
        if (keys.isEmpty()) {
            throw store.invalidKey(
                    "the file has no \"-----BEGIN PRIVATE KEY-----\" block (a PKCS#8 private key)", null);
        }
        if (keys.size() > 1) {
            throw store.invalidKey("the file has " + keys.size() + " private keys; give exactly one", null);
        }
        PemBlocks.Block block = keys.get(0);
        PKCS8EncodedKeySpec spec = switch (block.label()) {
            case "PRIVATE KEY" -> new PKCS8EncodedKeySpec(block.der());
            case "ENCRYPTED PRIVATE KEY" -> decrypt(store, block.der());
            default ->
                throw store.invalidKey(
                        "the key is a \"" + block.label() + "\", which Nala does not read;"
                                + " convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in <old> -out <new>`",
                        null);
        };
        PublicKey publicKey = certificate.getPublicKey();
        PrivateKey key;
        try {
            key = KeyFactory.getInstance(publicKey.getAlgorithm()).generatePrivate(spec);
        } catch (GeneralSecurityException e) {
            throw store.invalidKey(
                    "not a readable PKCS#8 " + publicKey.getAlgorithm() + " private key, the type of "
                            + "the certificate's key (" + e.getMessage() + ")",
                    e);
        }
        requireMatch(store, key, publicKey, certificate);
        return new HeldCertificate(new KeyPair(publicKey, key), certificate);
    }

    private static PKCS8EncodedKeySpec decrypt(StoreFile store, byte[] der) {
        if (!store.hasPassword()) {
            throw store.invalidKey("the key is encrypted and " + store.setting("password") + " is not set", null);
        }
        EncryptedPrivateKeyInfo info;
        Cipher cipher;
        try {
            info = new EncryptedPrivateKeyInfo(der);
            // For PBES2 (what openssl writes) the JDK names the cipher only through the parameters.
            String algorithm = info.getAlgName().equals("PBES2") && info.getAlgParameters() != null
                    ? info.getAlgParameters().toString()
                    : info.getAlgName();
            PBEKeySpec password = new PBEKeySpec(store.password());
            cipher = Cipher.getInstance(algorithm);
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    SecretKeyFactory.getInstance(algorithm).generateSecret(password),
                    info.getAlgParameters());
            password.clearPassword();
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw store.invalidKey("the encrypted key cannot be read (" + e.getMessage() + ")", e);
        }
        try {
            return info.getKeySpec(cipher);
        } catch (InvalidKeySpecException e) {
            throw store.wrongPassword(
                    "key-path", store.settings().keyPath().orElseThrow(), "the encrypted key cannot be decrypted", e);
        }
    }

    /** Signs with the key and verifies with the certificate, so a key from another pair fails now. */
    private static void requireMatch(
            StoreFile store, PrivateKey key, PublicKey publicKey, X509Certificate certificate) {
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // Fall through: a key that cannot sign for this certificate does not belong to it.
        }
        throw store.invalidKey(
                "the private key does not belong to the certificate "
                        + certificate.getSubjectX500Principal().getName() + " in " + store.setting("path"),
                null);
    }
}
