package dev.nala.mode.standalone.tls;

import static dev.nala.mode.standalone.tls.TestPki.CLIENT;
import static dev.nala.mode.standalone.tls.TestPki.CLIENT_CA;
import static dev.nala.mode.standalone.tls.TestPki.PASSWORD;
import static dev.nala.mode.standalone.tls.TestPki.SERVER_CA;
import static dev.nala.mode.standalone.tls.TestPki.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.nala.NalaConfigurationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Random;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every unusable store fails in {@link ClientTls#load}, naming the file and the setting, and
 * never showing the password, neither in the exception nor in the log.
 */
class ClientTlsLoadErrorsTest {
    private static final String WRONG_PASSWORD = "Wr0ng-but-still-secret-9f3c";
    private static final String PAYMENTS = "nala.services.\"payments\".tls";

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void noSecretWasLogged() {
        root.detachAppender(logs);
        for (ILoggingEvent event : logs.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(PASSWORD).doesNotContain(WRONG_PASSWORD);
            if (event.getThrowableProxy() != null) {
                assertThat(event.getThrowableProxy().getMessage())
                        .doesNotContain(PASSWORD)
                        .doesNotContain(WRONG_PASSWORD);
            }
        }
    }

    @Test
    void aMissingTrustStoreNamesTheFileAndTheSetting() {
        Path missing = dir.resolve("nowhere/ca.p12");
        NalaConfigurationException e = loadError(payments("trust-store { path = " + quoted(missing) + " }"));
        assertThat(e)
                .hasMessageContaining(PAYMENTS + ".trust-store.path = \"" + missing + "\" (String: ")
                .hasMessageContaining("does not exist");
    }

    @Test
    void aMissingKeyFileNamesKeyPath() throws Exception {
        Path chain = TestPki.pem(dir, "client.pem", CLIENT.certificatePem());
        Path missing = dir.resolve("client.key");
        NalaConfigurationException e = loadError(
                payments("key-store { path = " + quoted(chain) + ", type = PEM, key-path = " + quoted(missing) + " }"));
        assertThat(e)
                .hasMessageContaining(PAYMENTS + ".key-store.key-path")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void aDirectoryIsNotAStore() {
        NalaConfigurationException e = loadError(payments("trust-store { path = " + quoted(dir) + ", type = PEM }"));
        assertThat(e).hasMessageContaining(PAYMENTS + ".trust-store.path").hasMessageContaining("is a directory");
    }

    @Test
    void aWrongPkcs12PasswordNamesThePasswordSettingButNotItsValue() throws Exception {
        Path store = TestPki.keyStore(dir, "PKCS12", "client.p12", CLIENT, CLIENT_CA, PASSWORD);
        NalaConfigurationException e = loadError(
                payments("key-store { path = " + quoted(store) + ", password = " + quoted(WRONG_PASSWORD) + " }"));
        assertThat(e)
                .hasMessageContaining(PAYMENTS + ".key-store.path")
                .hasMessageContaining(store.toString())
                .hasMessageContaining("the password in " + PAYMENTS + ".key-store.password is wrong");
    }

    @Test
    void aWrongJksPasswordNamesThePasswordSetting() throws Exception {
        Path store = TestPki.trustStore(dir, "JKS", "ca.jks", SERVER_CA, PASSWORD);
        NalaConfigurationException e = loadError("nala.defaults.tls.trust-store { path = " + quoted(store)
                + ", type = JKS, password = " + quoted(WRONG_PASSWORD) + " }");
        assertThat(e)
                .hasMessageContaining("nala.defaults.tls.trust-store.path")
                .hasMessageContaining("nala.defaults.tls.trust-store.password is wrong");
    }

    @Test
    void aKeyStoreWithoutItsPasswordSaysThePasswordIsMissing() throws Exception {
        Path store = TestPki.keyStore(dir, "PKCS12", "client.p12", CLIENT, CLIENT_CA, PASSWORD);
        NalaConfigurationException e = loadError(payments("key-store { path = " + quoted(store) + " }"));
        assertThat(e)
                .hasMessageContaining(store.toString())
                .hasMessageContaining(PAYMENTS + ".key-store.password is not set");
    }

    @Test
    void aKeyLockedWithAnotherPasswordThanItsStoreFails() throws Exception {
        KeyStore keyStore = KeyStore.getInstance("JKS");
        keyStore.load(null, null);
        keyStore.setKeyEntry("client", CLIENT.keyPair().getPrivate(), WRONG_PASSWORD.toCharArray(), new Certificate[] {
            CLIENT.certificate()
        });
        Path store = dir.resolve("client.jks");
        try (var out = Files.newOutputStream(store)) {
            keyStore.store(out, PASSWORD.toCharArray());
        }
        NalaConfigurationException e = loadError(payments(
                "key-store { path = " + quoted(store) + ", type = JKS, password = " + quoted(PASSWORD) + " }"));
        assertThat(e)
                .hasMessageContaining("private key \"client\" cannot be read")
                .hasMessageContaining(PAYMENTS + ".key-store.password is wrong");
    }

    @Test
    void aGarbledStoreIsReportedAsUnreadable() throws Exception {
        byte[] noise = new byte[2048];
        new Random(7).nextBytes(noise);
        Path store = Files.write(dir.resolve("client.p12"), noise);
        NalaConfigurationException e =
                loadError(payments("key-store { path = " + quoted(store) + ", password = " + quoted(PASSWORD) + " }"));
        assertThat(e)
                .hasMessageContaining(PAYMENTS + ".key-store.path")
                .hasMessageContaining(store.toString())
                .hasMessageContaining("not a readable PKCS12 store");
    }

    @Test
    void aGarbledPemKeyNamesKeyPath() throws Exception {
        Path chain = TestPki.pem(dir, "client.pem", CLIENT.certificatePem());
        Path key =
                TestPki.pem(dir, "client.key", "-----BEGIN PRIVATE KEY-----\nnot*base64!\n-----END PRIVATE KEY-----\n");
        NalaConfigurationException e = loadError(
                payments("key-store { path = " + quoted(chain) + ", type = PEM, key-path = " + quoted(key) + " }"));
        assertThat(e)
                .hasMessageContaining(PAYMENTS + ".key-store.key-path")
                .hasMessageContaining(key.toString())
                .hasMessageContaining("not valid base64");
    }

    @Test
    void aTruncatedPemKeyIsUnreadable() throws Exception {
        Path chain = TestPki.pem(dir, "client.pem", CLIENT.certificatePem());
        String pem = CLIENT.privateKeyPkcs8Pem();
        Path key = TestPki.pem(dir, "client.key", pem.substring(0, pem.length() / 2));
        NalaConfigurationException e = loadError(
                payments("key-store { path = " + quoted(chain) + ", type = PEM, key-path = " + quoted(key) + " }"));
        assertThat(e).hasMessageContaining(PAYMENTS + ".key-store.key-path").hasMessageContaining("has no END line");
    }

    @Test
    void aPemFileConfiguredAsPkcs12SaysToSetTypePem() throws Exception {
        Path pem = TestPki.pem(dir, "ca.pem", SERVER_CA.certificatePem());
        NalaConfigurationException e = loadError(payments("trust-store { path = " + quoted(pem) + " }"));
        assertThat(e)
                .hasMessageContaining(PAYMENTS + ".trust-store.path")
                .hasMessageContaining("set " + PAYMENTS + ".trust-store.type = PEM");
    }

    @Test
    void aBinaryStoreConfiguredAsPemSaysSo() throws Exception {
        Path store = TestPki.trustStore(dir, "PKCS12", "ca.p12", SERVER_CA, PASSWORD);
        NalaConfigurationException e = loadError(payments("trust-store { path = " + quoted(store) + ", type = PEM }"));
        assertThat(e)
                .hasMessageContaining(PAYMENTS + ".trust-store.path")
                .hasMessageContaining("no \"-----BEGIN CERTIFICATE-----\" block")
                .hasMessageContaining("it looks binary");
    }

    @Test
    void aPkcs1KeyAsksForConversionToPkcs8() throws Exception {
        HeldCertificate rsaClient =
                new HeldCertificate.Builder().rsa2048().signedBy(CLIENT_CA).build();
        Path chain = TestPki.pem(dir, "client.pem", rsaClient.certificatePem());
        Path key = TestPki.pem(dir, "client.key", rsaClient.privateKeyPkcs1Pem());
        NalaConfigurationException e = loadError(
                payments("key-store { path = " + quoted(chain) + ", type = PEM, key-path = " + quoted(key) + " }"));
        assertThat(e)
                .hasMessageContaining(PAYMENTS + ".key-store.key-path")
                .hasMessageContaining("\"RSA PRIVATE KEY\"")
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void aKeyFromAnotherPairIsRefused() throws Exception {
        HeldCertificate other =
                new HeldCertificate.Builder().signedBy(CLIENT_CA).build();
        Path chain = TestPki.pem(dir, "client.pem", CLIENT.certificatePem());
        Path key = TestPki.pem(dir, "client.key", other.privateKeyPkcs8Pem());
        NalaConfigurationException e = loadError(
                payments("key-store { path = " + quoted(chain) + ", type = PEM, key-path = " + quoted(key) + " }"));
        assertThat(e)
                .hasMessageContaining(PAYMENTS + ".key-store.key-path")
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void anEncryptedPemKeyNeedsTheRightPassword() throws Exception {
        Path chain = TestPki.pem(dir, "client.pem", CLIENT.certificatePem());
        Path key = TestPki.pem(dir, "client.key", TestPki.encryptedPkcs8Pem(CLIENT, PASSWORD));
        String store = "key-store { path = " + quoted(chain) + ", type = PEM, key-path = " + quoted(key);

        assertThat(loadError(payments(store + ", password = " + quoted(WRONG_PASSWORD) + " }")))
                .hasMessageContaining(PAYMENTS + ".key-store.key-path")
                .hasMessageContaining("cannot be decrypted")
                .hasMessageContaining(PAYMENTS + ".key-store.password is wrong");
        assertThat(loadError(payments(store + " }")))
                .hasMessageContaining("the key is encrypted and " + PAYMENTS + ".key-store.password is not set");
    }

    @Test
    void aKeyStoreWithoutAPrivateKeyCannotDoMutualTls() throws Exception {
        Path store = TestPki.trustStore(dir, "PKCS12", "only-certs.p12", SERVER_CA, PASSWORD);
        NalaConfigurationException e =
                loadError(payments("key-store { path = " + quoted(store) + ", password = " + quoted(PASSWORD) + " }"));
        assertThat(e)
                .hasMessageContaining(PAYMENTS + ".key-store.path")
                .hasMessageContaining("no private key with a certificate chain");
    }

    @Test
    void aPemTrustStoreWithoutCertificatesIsRefused() throws Exception {
        Path file = TestPki.pem(dir, "ca.pem", CLIENT.privateKeyPkcs8Pem());
        NalaConfigurationException e = loadError(payments("trust-store { path = " + quoted(file) + ", type = PEM }"));
        assertThat(e)
                .hasMessageContaining(PAYMENTS + ".trust-store.path")
                .hasMessageContaining("no \"-----BEGIN CERTIFICATE-----\" block")
                .hasMessageNotContaining("looks binary");
    }

    @Test
    void anEmptyTrustStoreIsRefused() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        Path store = dir.resolve("empty.p12");
        try (var out = Files.newOutputStream(store)) {
            empty.store(out, PASSWORD.toCharArray());
        }
        NalaConfigurationException e = loadError(
                payments("trust-store { path = " + quoted(store) + ", password = " + quoted(PASSWORD) + " }"));
        assertThat(e)
                .hasMessageContaining(PAYMENTS + ".trust-store.path")
                .hasMessageContaining("the store holds no certificates")
                .hasMessageContaining("type = PEM");
    }

    @Test
    void aPkcs12TrustStoreWithoutItsPasswordSaysThePasswordIsMissing() throws Exception {
        Path store = TestPki.trustStore(dir, "PKCS12", "ca.p12", SERVER_CA, PASSWORD);
        NalaConfigurationException e = loadError(payments("trust-store { path = " + quoted(store) + " }"));
        assertThat(e)
                .hasMessageContaining("the store holds no certificates")
                .hasMessageContaining("without " + PAYMENTS + ".trust-store.password");
    }

    @Test
    void everyServiceIsCheckedNotOnlyTheFirstOrTheDefaults() throws Exception {
        Path good = TestPki.pem(dir, "ca.pem", SERVER_CA.certificatePem());
        Path missing = dir.resolve("billing-ca.pem");
        NalaConfigurationException e =
                loadError("nala.defaults.tls.trust-store { path = " + quoted(good) + ", type = PEM }\n"
                        + "nala.services.payments { port = 8443 }\n"
                        + "nala.services.billing.tls.trust-store { path = " + quoted(missing) + ", type = PEM }");
        assertThat(e)
                .hasMessageContaining("nala.services.\"billing\".tls.trust-store.path")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aGoodSetupLoadsAndLogsWhatItUsesWithoutThePassword() throws Exception {
        Path trust = TestPki.trustStore(dir, "PKCS12", "ca.p12", SERVER_CA, PASSWORD);
        Path keys = TestPki.keyStore(dir, "PKCS12", "client.p12", CLIENT, CLIENT_CA, PASSWORD);
        ClientTls.load(
                TestPki.settings(payments("trust-store { path = " + quoted(trust) + ", password = " + quoted(PASSWORD)
                        + " }, " + "key-store { path = " + quoted(keys) + ", password = " + quoted(PASSWORD) + " }")));

        assertThat(logs.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line)
                        .contains("nala.services.\"payments\"", trust.toString(), keys.toString(), "CN=orders-client"));
    }

    @Test
    void anExpiredClientCertificateLoadsWithAWarning() throws Exception {
        long day = 24L * 60 * 60 * 1000;
        long now = System.currentTimeMillis();
        HeldCertificate expired = new HeldCertificate.Builder()
                .commonName("expired-client")
                .validityInterval(now - 10 * day, now - day)
                .signedBy(CLIENT_CA)
                .build();
        Path chain = TestPki.pem(dir, "expired.pem", expired.certificatePem());
        Path key = TestPki.pem(dir, "expired.key", expired.privateKeyPkcs8Pem());

        ClientTls.load(TestPki.settings(
                payments("key-store { path = " + quoted(chain) + ", type = PEM, key-path = " + quoted(key) + " }")));

        assertThat(logs.list)
                .filteredOn(event -> event.getLevel() == ch.qos.logback.classic.Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line ->
                        assertThat(line).contains("CN=expired-client", "expired at", "nala.services.\"payments\""));
    }

    private static String payments(String tls) {
        return "nala.services.payments.tls { " + tls + " }";
    }

    /** Loads, expects a configuration error, and checks that no password is in it or its causes. */
    private static NalaConfigurationException loadError(String hocon) {
        NalaConfigurationException e =
                catchThrowableOfType(NalaConfigurationException.class, () -> ClientTls.load(TestPki.settings(hocon)));
        assertThat(e).as("ClientTls.load should have failed").isNotNull();
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(PASSWORD).doesNotContain(WRONG_PASSWORD);
        return e;
    }
}
