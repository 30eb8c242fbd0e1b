package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.nala.Environment;
import dev.nala.InvalidServiceNameException;
import dev.nala.internal.settings.NalaSettings;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** Policies are built once per service (or host:port) and then reused, with the right settings. */
class RetryPoliciesTest {
    private final RetryPolicies policies = new RetryPolicies(
            NalaSettings.load(
                    ConfigFactory.parseString(
                                    "nala.services.\"inventory\" { retry.max-attempts = 5, per-try-timeout = 250ms }")
                            .withFallback(ConfigFactory.defaultReference())
                            .resolve(),
                    Environment.of(Map.of())),
            System::nanoTime,
            () -> 0.5);

    private RetryPolicy of(String url) throws InvalidServiceNameException {
        return policies.forUrl(HttpUrl.get(url));
    }

    @Test
    void aLogicalServiceGetsItsOwnSettingsOncePerName() throws Exception {
        RetryPolicy inventory = of("http://inventory/a");
        assertThat(of("http://inventory:8080/b?x=1")).isSameAs(inventory);
        assertThat(inventory.service()).isEqualTo("inventory");
        assertThat(inventory.maxAttempts()).isEqualTo(5);
        assertThat(inventory.perTryTimeoutMillis()).isEqualTo(250);
        RetryPolicy payments = of("http://payments/");
        assertThat(payments).isNotSameAs(inventory);
        assertThat(payments.maxAttempts()).isEqualTo(3);
        assertThat(payments.perTryTimeoutMillis()).isZero();
        assertThat(payments.budget()).isNotSameAs(inventory.budget());
    }

    @Test
    void otherHostsGetTheDefaultsWithABudgetPerHostAndPort() throws Exception {
        RetryPolicy first = of("http://10.0.0.5:8080/a");
        assertThat(of("http://10.0.0.5:8080/b")).isSameAs(first);
        assertThat(first.service()).isEqualTo("10.0.0.5:8080");
        assertThat(first.maxAttempts()).isEqualTo(3);
        RetryPolicy otherPort = of("http://10.0.0.5:9090/");
        assertThat(otherPort).isNotSameAs(first);
        assertThat(of("http://10.0.0.5:9090/c")).isSameAs(otherPort);
        assertThat(of("http://[::1]:8080/").service()).isEqualTo("[::1]:8080");
        assertThat(of("https://api.example.com/").service()).isEqualTo("api.example.com:443");
        assertThat(of("http://localhost:7000/").service()).isEqualTo("localhost:7000");
    }

    @Test
    void pastTheLimitNewHostsShareOnePolicy() throws Exception {
        for (int i = 0; i < RetryPolicies.MAX_OTHER_HOSTS; i++) {
            of("http://10.1." + (i / 250) + "." + (i % 250 + 1) + ":80/");
        }
        RetryPolicy overflow = of("http://10.9.9.9:80/");
        assertThat(overflow.service()).isEqualTo(RetryPolicies.OTHER_HOSTS);
        assertThat(of("http://10.9.9.10:80/")).isSameAs(overflow);
        assertThat(of("http://10.1.0.1:80/").service())
                .as("known hosts keep theirs")
                .isEqualTo("10.1.0.1:80");
    }

    @Test
    void anInvalidLogicalNameFailsTheCallNamingIt() {
        assertThatThrownBy(() -> of("http://pay_ment/"))
                .isInstanceOf(InvalidServiceNameException.class)
                .hasMessageContaining("pay_ment");
    }
}
