package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.ServiceDiscoveryException;
import dev.nala.spi.Endpoint;
import dev.nala.spi.ServiceName;
import org.junit.jupiter.api.Test;

class PerServiceDiscoveryTest {

    @Test
    void asksTheSourceEachServiceNames() throws Exception {
        try (PerServiceDiscovery discovery = PerServiceDiscovery.create(TestSettings.load(
                "nala.services.inventory { discovery = static, endpoints = [\"127.0.0.1:8081\"] }"))) {
            assertThat(discovery.endpoints(ServiceName.of("inventory"))).containsExactly(Endpoint.of("127.0.0.1", 8081));
            assertThatThrownBy(() -> discovery.endpoints(ServiceName.of("billing")))
                    .isInstanceOf(ServiceDiscoveryException.class)
                    .hasMessageContaining("\"billing\" uses discovery = consul");
        }
    }
}
