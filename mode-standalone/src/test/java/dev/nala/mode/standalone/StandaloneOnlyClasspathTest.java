package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.NalaConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** This module's test classpath is what a user who adds only nala-mode-standalone gets. */
class StandaloneOnlyClasspathTest {

    @Test
    void standaloneModeIsFoundThroughTheServiceLoader() {
        try (HttpClientFactory factory = HttpClientFactory.builder()
                .environment(Environment.of(Map.of()))
                .config(ConfigFactory.empty())
                .build()) {
            assertThat(factory.mode()).isEqualTo(DeploymentMode.STANDALONE);
        }
    }

    @Test
    void meshWithoutItsModuleNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> HttpClientFactory.builder()
                        .environment(Environment.of(Map.of("NALA_DEPLOYMENT_MODE", "mesh")))
                        .config(ConfigFactory.empty())
                        .build())
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("Deployment mode MESH (from env NALA_DEPLOYMENT_MODE)")
                .hasMessageContaining("dev.nala:nala-mode-mesh");
    }
}
