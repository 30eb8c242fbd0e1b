package dev.nala.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.NalaConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsulSettingsTest {

    private static ConsulSettings consul(String hocon) {
        return NalaSettingsTest.load(hocon).consul();
    }

    @Test
    void shippedDefaults() {
        ConsulSettings consul = consul("");
        assertThat(consul.datacenter()).isEmpty();
        assertThat(consul.tag()).isEmpty();
        assertThat(consul.consistency()).isEqualTo(ConsulSettings.Consistency.STALE);
        assertThat(consul.blockingWait()).isEqualTo(Duration.ofSeconds(55));
        assertThat(consul.firstAnswerTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(consul.watchRatePerSecond()).isEqualTo(1.0);
        assertThat(consul.watchBurst()).isEqualTo(5);
        assertThat(consul.errorBackoffInitial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(consul.errorBackoffMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(consul.maxAnswerSize()).isEqualTo(16L << 20);
    }

    @Test
    void everyKeyCanBeSet() {
        ConsulSettings consul = consul("nala.consul {\n"
                + " datacenter = eu-west_1, consistency = consistent, wait = 2s, tag = primary,\n"
                + " first-answer-timeout = 750ms,\n"
                + " watch-rate-limit { per-second = 0.5, burst = 2 },\n"
                + " error-backoff { initial = 100ms, max = 2s }, max-answer-size = 512KiB }");
        assertThat(consul.datacenter()).contains("eu-west_1");
        assertThat(consul.consistency()).isEqualTo(ConsulSettings.Consistency.CONSISTENT);
        assertThat(consul.blockingWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(consul.tag()).contains("primary");
        assertThat(consul.firstAnswerTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(consul.watchRatePerSecond()).isEqualTo(0.5);
        assertThat(consul.watchBurst()).isEqualTo(2);
        assertThat(consul.errorBackoffInitial()).isEqualTo(Duration.ofMillis(100));
        assertThat(consul.errorBackoffMax()).isEqualTo(Duration.ofSeconds(2));
        assertThat(consul.maxAnswerSize()).isEqualTo(512L << 10);
    }

    @Test
    void maxAnswerSizeIsAMemorySizeWithinBounds() {
        assertThat(consul("nala.consul.max-answer-size = 1GiB").maxAnswerSize()).isEqualTo(1L << 30);
        assertThat(consul("nala.consul.max-answer-size = 65536").maxAnswerSize())
                .isEqualTo(65536);
        assertThatThrownBy(() -> consul("nala.consul.max-answer-size = 1KiB"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith("Invalid setting nala.consul.max-answer-size = \"1KiB\"")
                .hasMessageContaining("must be between 64KiB and 1GiB");
        assertThatThrownBy(() -> consul("nala.consul.max-answer-size = 2GiB"))
                .hasMessageContaining("must be between 64KiB and 1GiB");
        assertThatThrownBy(() -> consul("nala.consul.max-answer-size = plenty"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith("Invalid setting nala.consul.max-answer-size = \"plenty\"")
                .hasMessageContaining("expected a size such as 512KiB, 16MiB or 1GiB");
        assertThatThrownBy(() -> consul("nala.consul.max-answer-size = 99999999999999999999999B"))
                .hasMessageContaining("nala.consul.max-answer-size");
    }

    @Test
    void rateLimitMustBePositiveAndBounded() {
        assertThatThrownBy(() -> consul("nala.consul.watch-rate-limit.per-second = 0"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith("Invalid setting nala.consul.watch-rate-limit.per-second = 0")
                .hasMessageContaining("must be between 0.01 and 1000.0");
        assertThatThrownBy(() -> consul("nala.consul.watch-rate-limit.per-second = fast"))
                .hasMessageContaining("nala.consul.watch-rate-limit.per-second = \"fast\"");
        assertThatThrownBy(() -> consul("nala.consul.watch-rate-limit.burst = 0"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith("Invalid setting nala.consul.watch-rate-limit.burst = 0")
                .hasMessageContaining("must be between 1 and 1000");
    }

    @Test
    void errorBackoffCapMustNotBeShorterThanItsStart() {
        assertThatThrownBy(() -> consul("nala.consul.error-backoff { initial = 5s, max = 1s }"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.consul.error-backoff.max")
                .hasMessageContaining("must not be shorter than nala.consul.error-backoff.initial");
        assertThatThrownBy(() -> consul("nala.consul.error-backoff.initial = 0s"))
                .hasMessageStartingWith("Invalid setting nala.consul.error-backoff.initial");
    }

    @Test
    void waitIsBoundedByWhatConsulAccepts() {
        assertThatThrownBy(() -> consul("nala.consul.wait = 11m"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith("Invalid setting nala.consul.wait");
        assertThatThrownBy(() -> consul("nala.consul.wait = 500ms"))
                .hasMessageStartingWith("Invalid setting nala.consul.wait");
    }

    @Test
    void unknownConsistencyListsTheValidOnes() {
        assertThatThrownBy(() -> consul("nala.consul.consistency = eventual"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("valid values are stale, default, consistent");
    }

    @Test
    void datacenterIsRestrictedToSafeCharacters() {
        assertThatThrownBy(() -> consul("nala.consul.datacenter = \"dc1&token=x\""))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.consul.datacenter")
                .hasMessageContaining("letters, digits, '-' and '_' only");
    }

    @Test
    void anEmptyTokenMeansNone() {
        assertThat(NalaSettingsTest.load("", Map.of("CONSUL_HTTP_TOKEN", ""))
                        .consul()
                        .token())
                .isEmpty();
    }

    @Test
    void aTokenIsTrimmedSoATrailingLineBreakDoesNotMatter() {
        assertThat(NalaSettingsTest.load("", Map.of("CONSUL_HTTP_TOKEN", "0b3e-token\n"))
                        .consul()
                        .token())
                .hasValueSatisfying(token -> assertThat(token.reveal()).isEqualTo("0b3e-token"));
        assertThat(consul("nala.consul.token = \" \\t0b3e-token\\r\\n\"").token())
                .hasValueSatisfying(token -> assertThat(token.reveal()).isEqualTo("0b3e-token"));
        assertThat(NalaSettingsTest.load("", Map.of("CONSUL_HTTP_TOKEN", " \r\n"))
                        .consul()
                        .token())
                .isEmpty();
    }

    @Test
    void aTokenWithAControlOrNonAsciiCharacterInsideIsRejectedWithoutShowingIt() {
        for (String token :
                new String[] {"abcd\r\nefgh", "abcd\nefgh", "abcd\u0000efgh", "abcd\u007fefgh", "abcd\tefgh"}) {
            assertThatThrownBy(() -> NalaSettingsTest.load("", Map.of("CONSUL_HTTP_TOKEN", token)))
                    .isInstanceOf(NalaConfigurationException.class)
                    .hasMessageStartingWith(
                            "Invalid Consul ACL token from env CONSUL_HTTP_TOKEN: it contains a line break"
                                    + " or another control character")
                    .hasMessageContaining("printable ASCII characters only")
                    .hasMessageContaining("is not shown")
                    .hasMessageNotContaining("abcd")
                    .hasMessageNotContaining("efgh")
                    .hasNoCause();
        }
        assertThatThrownBy(() -> consul("nala.consul.token = \"abcd\u00e9fgh\""))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith("Invalid Consul ACL token from config key nala.consul.token (")
                .hasMessageContaining("a non-ASCII character")
                .hasMessageNotContaining("abcd");
    }

    @Test
    void anAddressWithUserInfoIsRejectedWithoutShowingIt() {
        assertThatThrownBy(
                        () -> NalaSettingsTest.load("", Map.of("CONSUL_HTTP_ADDR", "https://ops:s3cret@consul:8501")))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessage(
                        "Invalid Consul address \"https://<redacted>@consul:8501\" from env CONSUL_HTTP_ADDR:"
                                + " user info (user:password@) is not supported, and what it held is not shown;"
                                + " Consul authenticates requests with an ACL token: set nala.consul.token or env CONSUL_HTTP_TOKEN");
        assertThatThrownBy(() -> consul("nala.consul.address = \"ops:s3cret@consul:8500\""))
                .hasMessageStartingWith(
                        "Invalid Consul address \"<redacted>@consul:8500\" from config key nala.consul.address")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> consul("nala.consul.address = \"http://consul:8500/?token=s3cret\""))
                .hasMessageStartingWith("Invalid Consul address \"http://consul:8500/?<redacted>\"")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> consul("nala.consul.address = \"http://con\\r\\nsul:8500\""))
                .hasMessageStartingWith("Invalid Consul address \"http://con\\r\\nsul:8500\"");
    }

    @Test
    void aTokenThatIsNotAStringIsRejectedWithoutShowingIt() {
        assertThatThrownBy(() -> consul("nala.consul.token = [hunter2]"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.consul.token")
                .hasMessageNotContaining("hunter2");
    }
}
