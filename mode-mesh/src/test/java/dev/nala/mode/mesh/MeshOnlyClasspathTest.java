package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.NalaConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** This module's test classpath is what a user who adds only nala-mode-mesh gets. */
class MeshOnlyClasspathTest {

    @Test
    void meshModeIsFoundThroughTheServiceLoader() {
        try (HttpClientFactory factory = HttpClientFactory.builder()
                .environment(Environment.of(Map.of("NALA_DEPLOYMENT_MODE", "mesh")))
                .config(ConfigFactory.empty())
                .build()) {
            assertThat(factory.mode()).isEqualTo(DeploymentMode.MESH);
        }
    }

    @Test
    void standaloneWithoutItsModuleNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> HttpClientFactory.builder()
                        .environment(Environment.of(Map.of()))
                        .config(ConfigFactory.empty())
                        .build())
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("Deployment mode STANDALONE (from default)")
                .hasMessageContaining("dev.nala:nala-mode-standalone");
    }

    @Test
    void resilience4jIsNotOnTheClasspath() {
        assertThatThrownBy(() -> Class.forName("io.github.resilience4j.circuitbreaker.CircuitBreaker"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.github.resilience4j.retry.Retry"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
