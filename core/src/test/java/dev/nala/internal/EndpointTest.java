package dev.nala.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

    @Test
    void parsesHostAndPortForms() {
        assertThat(Endpoint.parse("10.0.0.5:8080")).isEqualTo(Endpoint.of("10.0.0.5", 8080));
        assertThat(Endpoint.parse(" [::1]:8081 ")).isEqualTo(Endpoint.of("::1", 8081));
        assertThat(Endpoint.parse("Payments.Internal:443")).isEqualTo(Endpoint.of("payments.internal", 443));
    }

    @Test
    void ipv6IsCanonicalAndBracketedInText() {
        Endpoint endpoint = Endpoint.of("0:0:0:0:0:0:0:1", 80);
        assertThat(endpoint.host()).isEqualTo("::1");
        assertThat(endpoint).hasToString("[::1]:80");
    }

    @Test
    void replacesTheHostAndPortOfAUrl() {
        HttpUrl url = HttpUrl.get("http://payment-service/charge?id=7");
        assertThat(Endpoint.of("10.0.0.5", 8080).applyTo(url).toString()).isEqualTo("http://10.0.0.5:8080/charge?id=7");
        assertThat(Endpoint.of("::1", 8080).applyTo(url).toString()).isEqualTo("http://[::1]:8080/charge?id=7");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.5",
                "10.0.0.5:",
                ":80",
                "10.0.0.5:http",
                "::1:80",
                "10.0.0.256:80",
                "10.0.0:80",
                "01.2.3.4:80",
                "host/evil:80",
                "user@host:80",
                "ho st:80",
                "a..b:80",
                "-a.b:80",
                "a.123:80",
                "[::g]:80",
                "host:0",
                "host:65536"
            })
    void rejectsMalformedEndpointsNamingThem(String bad) {
        assertThatThrownBy(() -> Endpoint.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad.trim());
    }

    @Test
    void rejectsOverlongHostNames() {
        String longName =
                String.join(".", "a".repeat(60), "b".repeat(60), "c".repeat(60), "d".repeat(60), "e".repeat(60));
        assertThatThrownBy(() -> Endpoint.of(longName, 80)).hasMessageContaining("at most 253");
    }
}
