package dev.nala.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetHostTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://payment-service/charge",
                "http://payment-service:8080/a/b%20c/?q=1&r=a%26b#frag",
                "https://payment-service/x",
                "https://user:p%40ss@payment-service/x?",
                "http://payment-service/",
                "http://payment-service/x?flag",
                "http://payment-service/%E2%82%AC?e=%E2%82%AC"
            })
    void givesTheSameUrlAsSettingTheHostOnTheBuilder(String url) {
        HttpUrl original = HttpUrl.get(url);
        TargetHost target = TargetHost.of("payment-service.team.svc.cluster.local");

        HttpUrl rewritten = target.applyTo(original, 9090);

        assertThat(rewritten)
                .isEqualTo(original.newBuilder()
                        .host("payment-service.team.svc.cluster.local")
                        .port(9090)
                        .build());
        assertThat(rewritten.toString())
                .isEqualTo(original.newBuilder()
                        .host("payment-service.team.svc.cluster.local")
                        .port(9090)
                        .build()
                        .toString());
    }

    @Test
    void keepsTheSchemesDefaultPortImplicit() {
        HttpUrl rewritten = TargetHost.of("10.0.0.5").applyTo(HttpUrl.get("https://svc/x"), 443);

        assertThat(rewritten.toString()).isEqualTo("https://10.0.0.5/x");
    }

    @Test
    void acceptsIpLiterals() {
        assertThat(TargetHost.of("::1")
                        .applyTo(HttpUrl.get("http://svc/x"), 8081)
                        .toString())
                .isEqualTo("http://[::1]:8081/x");
        assertThat(TargetHost.of("10.0.0.5")
                        .applyTo(HttpUrl.get("http://svc/x"), 8080)
                        .host())
                .isEqualTo("10.0.0.5");
    }

    @Test
    void canonicalizesTheHostOnce() {
        TargetHost target = TargetHost.of("Payment-Service.Team.svc.cluster.local");

        assertThat(target.applyTo(HttpUrl.get("http://svc/x"), 80).host())
                .isEqualTo("payment-service.team.svc.cluster.local");
        assertThat(target.host()).isEqualTo("Payment-Service.Team.svc.cluster.local");
    }

    @Test
    void rejectsAHostOkHttpRejects() {
        assertThatThrownBy(() -> TargetHost.of("bad host")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void remembersTheUrlsItBuilt() {
        TargetHost remembering = TargetHost.of("payment-service.team.svc.cluster.local", 16);
        TargetHost forgetful = TargetHost.of("payment-service.team.svc.cluster.local");

        // A URL parsed anew each time, as a caller building a new Request each time would have.
        HttpUrl first = remembering.applyTo(HttpUrl.get("http://payment-service/charge?x=1"), 8080);
        assertThat(remembering.applyTo(HttpUrl.get("http://payment-service/charge?x=1"), 8080))
                .isSameAs(first);
        assertThat(forgetful.applyTo(HttpUrl.get("http://payment-service/charge?x=1"), 8080))
                .isEqualTo(first)
                .isNotSameAs(forgetful.applyTo(HttpUrl.get("http://payment-service/charge?x=1"), 8080));
    }

    @Test
    void aRememberedUrlIsOnlyReusedForTheSameUrlAndPort() {
        TargetHost oneSlot = TargetHost.of("10.0.0.5", 1);
        for (int round = 0; round < 3; round++) {
            assertThat(oneSlot.applyTo(HttpUrl.get("http://svc/a"), 8080).toString())
                    .isEqualTo("http://10.0.0.5:8080/a");
            assertThat(oneSlot.applyTo(HttpUrl.get("http://svc/a"), 9090).toString())
                    .isEqualTo("http://10.0.0.5:9090/a");
            assertThat(oneSlot.applyTo(HttpUrl.get("http://svc/b?q"), 9090).toString())
                    .isEqualTo("http://10.0.0.5:9090/b?q");
        }
    }

    @Test
    void neverRemembersAUrlWithCredentials() {
        TargetHost remembering = TargetHost.of("10.0.0.5", 16);
        HttpUrl withPassword = HttpUrl.get("http://user:secret@svc/a");

        HttpUrl first = remembering.applyTo(withPassword, 8080);

        assertThat(first.toString()).isEqualTo("http://user:secret@10.0.0.5:8080/a");
        assertThat(remembering.applyTo(withPassword, 8080)).isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void refusesANegativeSize() {
        assertThatThrownBy(() -> TargetHost.of("10.0.0.5", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
