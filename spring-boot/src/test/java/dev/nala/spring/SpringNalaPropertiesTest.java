package dev.nala.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import dev.nala.NalaConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

class SpringNalaPropertiesTest {

    @Test
    void keysAreTakenAsWrittenAndIndexesMakeLists() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("nala.services.payment-service.retry.max-attempts", "2")
                .withProperty("nala.services.inventory.endpoints[1]", "10.0.0.6:8080")
                .withProperty("nala.services.inventory.endpoints[0]", "10.0.0.5:8080")
                .withProperty("nala.defaults.callTimeout", "2s")
                .withProperty("spring.application.name", "shop");

        Config config = SpringNalaProperties.from(environment);

        assertThat(config.getInt("nala.services.payment-service.retry.max-attempts"))
                .isEqualTo(2);
        assertThat(config.getStringList("nala.services.inventory.endpoints"))
                .containsExactly("10.0.0.5:8080", "10.0.0.6:8080");
        assertThat(config.hasPath("nala.defaults.callTimeout")).isTrue();
        assertThat(config.hasPath("spring")).isFalse();
    }

    @Test
    void bracketsKeepAKeyWholeAndQuotesStayInTheName() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("nala.services[pay.v2].port", "8080")
                .withProperty("nala.services[say\"hi].port", "8081");

        Config services = SpringNalaProperties.from(environment).getConfig("nala.services");

        assertThat(services.root().keySet()).containsExactlyInAnyOrder("pay.v2", "say\"hi");
    }

    @Test
    void placeholdersAreResolvedAndTheHighestSourceWins() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("upstream", "10.0.0.7:80")
                .withProperty("nala.services.orders.endpoints[0]", "${upstream}")
                .withProperty("nala.defaults.port", "80");
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("higher", Map.of("nala.defaults.port", "8080")));

        Config config = SpringNalaProperties.from(environment);

        assertThat(config.getStringList("nala.services.orders.endpoints")).containsExactly("10.0.0.7:80");
        assertThat(config.getInt("nala.defaults.port")).isEqualTo(8080);
        assertThat(config.getValue("nala.defaults.port").origin().description()).contains("higher");
    }

    @Test
    void environmentVariablesAreNotBoundRelaxedly() {
        MockEnvironment environment = new MockEnvironment();
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("NALA_DEFAULTS_PORT", "8080", "NALA_DEPLOYMENT_MODE", "mesh")));
        environment.setProperty("nala.defaults.port", "80");

        Config config = SpringNalaProperties.from(environment);

        assertThat(config.getInt("nala.defaults.port")).isEqualTo(80);
        assertThat(config.hasPath("nala.deployment-mode")).isFalse();
    }

    @Test
    void aListComesWholeFromTheHighestSourceThatHasAnyOfIt() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("nala.services.inventory.endpoints[0]", "10.0.0.5:8080")
                .withProperty("nala.services.inventory.endpoints[1]", "10.0.0.6:8080")
                .withProperty("nala.services.inventory.port", "8080")
                .withProperty("nala.services.orders.endpoints[0]", "10.0.0.8:8080")
                .withProperty("nala.services.orders.endpoints[1]", "10.0.0.9:8080");
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "application-prod.yml",
                        Map.of(
                                "nala.services.inventory.endpoints[0]", "10.1.0.5:8080",
                                "nala.services.orders.endpoints", "10.1.0.8:8080,10.1.0.9:8080")));

        Config config = SpringNalaProperties.from(environment);

        assertThat(config.getStringList("nala.services.inventory.endpoints"))
                .as("the profile's one endpoint, not merged with the base file's second")
                .containsExactly("10.1.0.5:8080");
        assertThat(config.getInt("nala.services.inventory.port"))
                .as("other keys still come from the base")
                .isEqualTo(8080);
        assertThat(config.getString("nala.services.orders.endpoints"))
                .as("a higher value written as one string stands for the whole list")
                .isEqualTo("10.1.0.8:8080,10.1.0.9:8080");
    }

    @Test
    void aKeyGivenAValueAndKeysUnderItIsRefusedNamingBoth() {
        MockEnvironment valueFirst = new MockEnvironment();
        valueFirst.getPropertySources().addFirst(new MapPropertySource("base", Map.of("nala.defaults.retry", "3")));
        valueFirst
                .getPropertySources()
                .addFirst(new MapPropertySource("higher", Map.of("nala.defaults.retry.max-attempts", "2")));
        MockEnvironment keysFirst = new MockEnvironment();
        keysFirst
                .getPropertySources()
                .addFirst(new MapPropertySource("base", Map.of("nala.services.orders.retry.max-attempts", "2")));
        keysFirst
                .getPropertySources()
                .addFirst(new MapPropertySource("higher", Map.of("nala.services.orders.retry", "3")));

        assertThatThrownBy(() -> SpringNalaProperties.from(valueFirst))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.defaults.retry a value (")
                .hasMessageContaining("keys under it (nala.defaults.retry.max-attempts, ");
        assertThatThrownBy(() -> SpringNalaProperties.from(keysFirst))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.services.orders.retry a value (")
                .hasMessageContaining("keys under it (nala.services.orders.retry.max-attempts, ");
    }
}
