package dev.nala.mode.standalone.tls;

import com.typesafe.config.ConfigFactory;
import dev.nala.Environment;
import dev.nala.internal.settings.NalaSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** Certificates made for the tests, and the files Nala reads them from. */
final class TestPki {
    static final String PASSWORD = "s3cret-Passw0rd-that-must-never-show";

    /** Signs the servers' certificates. */
    static final HeldCertificate SERVER_CA = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("Nala test server CA")
            .build();
    /** Signs the clients' certificates. */
    static final HeldCertificate CLIENT_CA = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("Nala test client CA")
            .build();
    /** A CA no test trusts. */
    static final HeldCertificate STRANGER_CA = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("Someone else's CA")
            .build();

    /** A server certificate valid for the loopback address, as endpoints are called. */
    static final HeldCertificate SERVER_FOR_IP = new HeldCertificate.Builder()
            .commonName("payments by IP")
            .addSubjectAlternativeName("127.0.0.1")
            .signedBy(SERVER_CA)
            .build();
    /** A server certificate valid only for a DNS name, as services registered by IP often have. */
    static final HeldCertificate SERVER_FOR_NAME = new HeldCertificate.Builder()
            .commonName("payments by name")
            .addSubjectAlternativeName("payments.internal")
            .signedBy(SERVER_CA)
            .build();

    static final HeldCertificate CLIENT = new HeldCertificate.Builder()
            .commonName("orders-client")
            .signedBy(CLIENT_CA)
            .build();

    private TestPki() {}

    /** TLS for a test server presenting {@code certificate} and trusting the client CA. */
    static HandshakeCertificates server(HeldCertificate certificate, HeldCertificate issuer) {
        return new HandshakeCertificates.Builder()
                .heldCertificate(certificate, issuer.certificate())
                .addTrustedCertificate(CLIENT_CA.certificate())
                .build();
    }

    static Path pem(Path dir, String name, String... blocks) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("", blocks), StandardCharsets.US_ASCII);
    }

    static Path trustStore(Path dir, String type, String name, HeldCertificate ca, String password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setCertificateEntry("ca", ca.certificate());
        return write(dir.resolve(name), store, password);
    }

    static Path keyStore(
            Path dir, String type, String name, HeldCertificate client, HeldCertificate issuer, String password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setKeyEntry("client", client.keyPair().getPrivate(), password.toCharArray(), new Certificate[] {
            client.certificate(), issuer.certificate()
        });
        return write(dir.resolve(name), store, password);
    }

    private static Path write(Path file, KeyStore store, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    /** The client key as an encrypted PKCS#8 PEM block (PBES2, AES-256, as openssl writes by default). */
    static String encryptedPkcs8Pem(HeldCertificate holder, String password)
            throws GeneralSecurityException, IOException {
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        SecureRandom random = new SecureRandom();
        random.nextBytes(salt);
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(
                Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password.toCharArray())),
                new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        byte[] encrypted = cipher.doFinal(holder.keyPair().getPrivate().getEncoded());
        // The JDK cannot name "PBEWithHmacSHA256AndAES_256" parameters in DER; as "PBES2" it can.
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("PBES2");
        parameters.init(cipher.getParameters().getEncoded());
        byte[] der = new EncryptedPrivateKeyInfo(parameters, encrypted).getEncoded();
        return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
    }

    static NalaSettings settings(String hocon) {
        return NalaSettings.load(
                ConfigFactory.parseString(hocon)
                        .withFallback(ConfigFactory.defaultReference())
                        .resolve(),
                Environment.of(Map.of()));
    }

    /** A HOCON string literal of a path. */
    static String quoted(Path path) {
        return quoted(path.toString());
    }

    static String quoted(String text) {
        return com.typesafe.config.ConfigUtil.quoteString(text);
    }
}
