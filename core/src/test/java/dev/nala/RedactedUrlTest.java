package dev.nala;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class RedactedUrlTest {

    @Test
    void userinfoAndQueryValuesAreRedactedNamesKept() {
        assertThat(RedactedUrl.of(HttpUrl.get("https://user:pw@host.example/p?token=abc")))
                .isEqualTo("https://REDACTED:REDACTED@host.example/p?token=REDACTED");
        assertThat(RedactedUrl.of(HttpUrl.get("https://user@host.example/p?a=1&b&c=")))
                .isEqualTo("https://REDACTED:REDACTED@host.example/p?a=REDACTED&b&c=REDACTED");
    }

    @Test
    void encodedSecretsDoNotSurviveEither() {
        String redacted = RedactedUrl.of(HttpUrl.get("http://payment-service/x?sig=a%20b%26c&AWSAccessKeyId=K%3D1"));
        assertThat(redacted).isEqualTo("http://payment-service/x?sig=REDACTED&AWSAccessKeyId=REDACTED");
    }

    @Test
    void aPlainUrlIsKeptAsIsAndTheFragmentDropped() {
        assertThat(RedactedUrl.of(HttpUrl.get("http://payment-service/charge")))
                .isEqualTo("http://payment-service/charge");
        assertThat(RedactedUrl.of(HttpUrl.get("http://payment-service/charge#top")))
                .isEqualTo("http://payment-service/charge");
    }
}
