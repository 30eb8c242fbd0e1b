package dev.nala.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class NalaHealthIndicatorTest {

    @Test
    void anErrorFindingMakesItDown() {
        // Nothing listens on port 1 of the loopback address: "Consul does not answer" is an ERROR.
        try (HttpClientFactory factory = HttpClientFactory.builder()
                .config(ConfigFactory.parseString(
                        "nala.consul.address = \"http://127.0.0.1:1\", nala.services.orders {}"))
                .environment(Environment.of(Map.of()))
                .build()) {
            Health health = new NalaHealthIndicator(factory).health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("mode", "standalone");
            assertThat((List<?>) health.getDetails().get("findings"))
                    .anySatisfy(finding -> assertThat(finding.toString()).startsWith("ERROR consul: "));
        }
    }
}
