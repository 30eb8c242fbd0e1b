package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.ServiceDiscoveryException;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import org.junit.jupiter.api.Test;

class StaticDiscoveryTest {
    private static final ServiceName INVENTORY = ServiceName.of("inventory");

    @Test
    void answersTheConfiguredEndpointsAsOneStableList() throws Exception {
        StaticDiscovery discovery = StaticDiscovery.from(
                TestSettings.load(
                        "nala.services.inventory { discovery = static, endpoints = [\"127.0.0.1:8081\", \"127.0.0.1:8082\"] }"));
        assertThat(discovery.endpoints(INVENTORY))
                .containsExactly(Endpoint.of("127.0.0.1", 8081), Endpoint.of("127.0.0.1", 8082))
                .isSameAs(discovery.endpoints(INVENTORY));
        assertThat(discovery.describe()).isEqualTo("static");
    }

    @Test
    void ignoresServicesThatUseConsul() {
        StaticDiscovery discovery =
                StaticDiscovery.from(TestSettings.load("nala.services.inventory { discovery = consul, port = 8081 }"));
        assertThatThrownBy(() -> discovery.endpoints(INVENTORY)).isInstanceOf(ServiceDiscoveryException.class);
    }

    @Test
    void anUnknownServiceIsAClearError() {
        StaticDiscovery discovery = StaticDiscovery.from(TestSettings.load(""));
        assertThatThrownBy(() -> discovery.endpoints(ServiceName.of("billing")))
                .isInstanceOf(ServiceDiscoveryException.class)
                .hasMessageContaining("\"billing\" has no static endpoints")
                .hasMessageContaining("nala.services.\"billing\" { discovery = static")
                .satisfies(e ->
                        assertThat(((ServiceDiscoveryException) e).service()).isEqualTo("billing"));
    }
}
