package dev.nala;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings written in code are validated like a file's and layered over it in a documented order. */
class SettingsInCodeTest {
    private static final ServiceName PAYMENT = ServiceName.of("payment-service");
    private static final Environment NO_ENV = Environment.of(Map.of());

    private static NalaSettings settings(HttpClientFactory.Builder builder) {
        return NalaSettings.load(builder.environment(NO_ENV).resolvedConfig(), NO_ENV);
    }

    @Test
    void codeGivesTheSameSettingsAsTheEquivalentFile() {
        Config file = ConfigFactory.parseString(String.join(
                "\n",
                "nala.defaults.call-timeout = 4s",
                "nala.services.\"payment-service\" {",
                "  port = 8443",
                "  discovery = static",
                "  endpoints = [\"127.0.0.1:8080\", \"[::1]:8081\"]",
                "  call-timeout = 1500ms",
                "  per-try-timeout = 500ms",
                "  retry { max-attempts = 2, backoff { initial = 50ms, max = 1s, multiplier = 3 },"
                        + " on-status = [503], non-idempotent = true, budget.enabled = false }",
                "  circuit-breaker { enabled = false, failure-rate-threshold = 40, sliding-window-size = 50,"
                        + " minimum-calls = 10, wait-in-open = 5s }",
                "  outlier-detection.ejection-time = 10s",
                "}"));
        HttpClientFactory.Builder inCode = HttpClientFactory.builder()
                .config(ConfigFactory.empty())
                .defaults(d -> d.callTimeout(Duration.ofSeconds(4)))
                .service(
                        "payment-service",
                        s -> s.port(8443)
                                .staticEndpoints("127.0.0.1:8080", "[::1]:8081")
                                .callTimeout(Duration.ofMillis(1500))
                                .perTryTimeout(Duration.ofMillis(500))
                                .retry(r -> r.maxAttempts(2)
                                        .backoff(Duration.ofMillis(50), Duration.ofSeconds(1))
                                        .backoffMultiplier(3)
                                        .onStatus(503)
                                        .nonIdempotent(true)
                                        .budgetEnabled(false))
                                .circuitBreaker(c -> c.enabled(false)
                                        .failureRateThreshold(40)
                                        .slidingWindowSize(50)
                                        .minimumCalls(10)
                                        .waitInOpen(Duration.ofSeconds(5)))
                                .set("outlier-detection.ejection-time", Duration.ofSeconds(10)));

        NalaSettings fromFile = settings(HttpClientFactory.builder().config(file));
        NalaSettings fromCode = settings(inCode);

        assertThat(fromCode.service(PAYMENT)).isEqualTo(fromFile.service(PAYMENT));
        assertThat(fromCode.defaults()).isEqualTo(fromFile.defaults());
        assertThat(fromCode.service(PAYMENT).callTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(fromCode.defaults().callTimeout()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void precedenceIsCodeThenOverridesThenTheFileKeyByKey() {
        Config file = ConfigFactory.parseString("nala.services.\"payment-service\" { port = 1111, call-timeout = 1s,"
                + " retry.max-attempts = 5, per-try-timeout = 300ms }");
        HttpClientFactory.Builder builder = HttpClientFactory.builder()
                .config(file)
                .overrides(ConfigFactory.parseString(
                        "nala.services.\"payment-service\" { port = 2222, call-timeout = 2s }"))
                .overrides(ConfigFactory.parseString("nala.services.\"payment-service\".call-timeout = 3s"))
                .service("payment-service", s -> s.port(4444))
                .service("payment-service", s -> s.retry(r -> r.maxAttempts(2)));

        ServiceSettings payment = settings(builder).service(PAYMENT);

        assertThat(payment.port()).isEqualTo(4444);
        assertThat(payment.retry().maxAttempts()).isEqualTo(2);
        assertThat(payment.callTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(payment.perTryTimeout()).contains(Duration.ofMillis(300));
    }

    @Test
    void overridesAddToApplicationConfRatherThanReplaceIt() {
        // src/test/core-only-resources/application.conf sets nala.services."from-application-conf".port = 8123.
        NalaSettings settings =
                settings(HttpClientFactory.builder().overrides(ConfigFactory.parseString("nala.defaults.port = 9000")));
        assertThat(settings.service(ServiceName.of("from-application-conf")).port())
                .isEqualTo(8123);
        assertThat(settings.defaults().port()).isEqualTo(9000);

        NalaSettings replaced =
                settings(HttpClientFactory.builder().config(ConfigFactory.parseString("nala.defaults.port = 9000")));
        assertThat(replaced.configuredServices()).doesNotContainKey(ServiceName.of("from-application-conf"));
    }

    @Test
    void aBadValueInCodeFailsLikeInAFileNamingTheBuilderCall() {
        assertThatThrownBy(() -> settings(HttpClientFactory.builder()
                        .config(ConfigFactory.empty())
                        .service(
                                "payment-service",
                                s -> s.callTimeout(Duration.ofDays(2)).set("retry.max-attemps", 4))))
                .isInstanceOf(NalaConfigurationException.class)
                .satisfies(e -> assertThat(((NalaConfigurationException) e).problems())
                        .containsExactlyInAnyOrder(
                                "Unknown setting nala.services.\"payment-service\".retry.max-attemps"
                                        + " (HttpClientFactory.builder().service(\"payment-service\")):"
                                        + " did you mean nala.services.\"payment-service\".retry.max-attempts?",
                                "Invalid setting nala.services.\"payment-service\".call-timeout = \"48h\""
                                        + " (HttpClientFactory.builder().service(\"payment-service\")):"
                                        + " must be between 1ms and 24h"));
        assertThatThrownBy(() -> settings(HttpClientFactory.builder()
                        .config(ConfigFactory.empty())
                        .service("Payment", s -> s.port(80))))
                .hasMessageStartingWith("Invalid service key nala.services.\"Payment\""
                        + " (HttpClientFactory.builder().service(\"Payment\")): Invalid service name");
    }

    @Test
    void aValueOfAnUnsupportedTypeOrABadKeyFailsAtOnce() {
        assertThatThrownBy(
                        () -> HttpClientFactory.builder().service("payment-service", s -> s.set("port", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid value for setting port")
                .hasMessageContaining("expected a String, Number, Boolean, Duration or a List of those");
        assertThatThrownBy(() -> HttpClientFactory.builder().defaults(s -> s.set("retry..max", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid setting key \"retry..max\"");
    }

    @Test
    void aListValueKeepsItsEntries() {
        NalaSettings settings = settings(HttpClientFactory.builder()
                .config(ConfigFactory.empty())
                .defaults(d -> d.set("retry.on-status", List.of(502, 503))));
        assertThat(settings.defaults().retry().onStatus()).containsExactlyInAnyOrder(502, 503);
    }

    @Test
    void buildFailsOnABadSettingInCode() {
        assertThatThrownBy(() -> HttpClientFactory.builder()
                        .environment(NO_ENV)
                        .config(ConfigFactory.empty())
                        .defaults(d -> d.set("nala-typo", 1))
                        .build())
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith("Unknown setting nala.defaults.nala-typo"
                        + " (HttpClientFactory.builder().defaults(...)): not a Nala setting");
    }
}
