package dev.nala.mode.standalone.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemBlocksTest {

    @Test
    void aCaBundleWithCommentsAndWindowsLineEndsYieldsEveryCertificate() throws Exception {
        String bundle = "subject=CN = Nala test server CA\n"
                + TestPki.SERVER_CA.certificatePem()
                + "\n# the client CA, kept here too\n"
                + TestPki.CLIENT_CA.certificatePem();
        List<PemBlocks.Block> blocks =
                PemBlocks.parse(bundle.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(blocks).extracting(PemBlocks.Block::label).containsExactly("CERTIFICATE", "CERTIFICATE");
        assertThat(blocks.get(0).der())
                .isEqualTo(TestPki.SERVER_CA.certificate().getEncoded());
        assertThat(blocks.get(1).der())
                .isEqualTo(TestPki.CLIENT_CA.certificate().getEncoded());
    }

    @Test
    void aMismatchedEndLineIsReportedWithItsLine() {
        String pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PemBlocks.parse(pem.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(PemBlocks.MalformedPemException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("opened on line 1");
    }

    @Test
    void anOpenSslLegacyEncryptedKeyAsksForPkcs8() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PemBlocks.parse(pem.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(PemBlocks.MalformedPemException.class)
                .hasMessageContaining("legacy encrypted key")
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void anEmptyBlockIsAnError() {
        String pem = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> PemBlocks.parse(pem.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(PemBlocks.MalformedPemException.class)
                .hasMessageContaining("is empty");
    }
}
