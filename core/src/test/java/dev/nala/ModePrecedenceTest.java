package dev.nala;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.nala.testing.LogCapture;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each step of: builder > env > system property > application.conf > default. */
class ModePrecedenceTest {
    private static final Config MESH_IN_CONFIG = ConfigFactory.parseResources("conf/mesh-mode.conf");
    private static final Config STANDALONE_IN_CONFIG = ConfigFactory.parseString("nala.deployment-mode = standalone");
    private static final Map<String, String> MESH_ENV = Map.of("NALA_DEPLOYMENT_MODE", "mesh");
    private static final Map<String, String> STANDALONE_ENV = Map.of("NALA_DEPLOYMENT_MODE", "standalone");
    private static final Map<String, String> MESH_PROPERTY = Map.of("nala.deployment-mode", "mesh");
    private static final Map<String, String> STANDALONE_PROPERTY = Map.of("nala.deployment-mode", "standalone");

    @Test
    void builderWinsOverEverything() {
        String line = creationLine(HttpClientFactory.builder()
                .mode(DeploymentMode.MESH)
                .environment(Environment.of(STANDALONE_ENV, STANDALONE_PROPERTY))
                .config(STANDALONE_IN_CONFIG));
        assertThat(line).isEqualTo("Nala deployment mode MESH (from HttpClientFactory.builder().mode(...))");
    }

    @Test
    void envWinsOverSystemPropertyAndConfig() {
        String line = creationLine(HttpClientFactory.builder()
                .environment(Environment.of(MESH_ENV, STANDALONE_PROPERTY))
                .config(STANDALONE_IN_CONFIG));
        assertThat(line).isEqualTo("Nala deployment mode MESH (from env NALA_DEPLOYMENT_MODE)");
    }

    @Test
    void systemPropertyWinsOverConfig() {
        String line = creationLine(HttpClientFactory.builder()
                .environment(Environment.of(Map.of(), MESH_PROPERTY))
                .config(STANDALONE_IN_CONFIG));
        assertThat(line).isEqualTo("Nala deployment mode MESH (from system property nala.deployment-mode)");
    }

    @Test
    void configWinsOverDefaultAndNamesTheFile() {
        String line = creationLine(HttpClientFactory.builder()
                .environment(Environment.of(Map.of()))
                .config(MESH_IN_CONFIG));
        assertThat(line)
                .startsWith("Nala deployment mode MESH (from config key nala.deployment-mode (")
                .contains("mesh-mode.conf");
    }

    @Test
    void defaultIsStandalone() {
        String line = creationLine(HttpClientFactory.builder()
                .environment(Environment.of(Map.of()))
                .config(ConfigFactory.empty()));
        assertThat(line).isEqualTo("Nala deployment mode STANDALONE (from default)");
    }

    @Test
    void theEnvironmentSeamIsTheOnlyPlaceVariablesAreRead() {
        // The real process has no NALA_DEPLOYMENT_MODE=mesh; the seam alone decides.
        try (HttpClientFactory factory = HttpClientFactory.builder()
                .environment(Environment.of(Map.of("NALA_DEPLOYMENT_MODE", " MESH ")))
                .config(ConfigFactory.empty())
                .build()) {
            assertThat(factory.mode()).isEqualTo(DeploymentMode.MESH);
        }
    }

    @Test
    void anEmptyEnvValueIsUnsetAndTheModeLineSaysSo() {
        String line = creationLine(HttpClientFactory.builder()
                .environment(Environment.of(Map.of("NALA_DEPLOYMENT_MODE", "")))
                .config(MESH_IN_CONFIG));
        assertThat(line)
                .startsWith("Nala deployment mode MESH (from config key nala.deployment-mode (")
                .endsWith("; env NALA_DEPLOYMENT_MODE is set but empty, so it is ignored)");

        String blankBoth = creationLine(HttpClientFactory.builder()
                .environment(Environment.of(Map.of("NALA_DEPLOYMENT_MODE", "  "), Map.of("nala.deployment-mode", "")))
                .config(ConfigFactory.empty()));
        assertThat(blankBoth)
                .isEqualTo("Nala deployment mode STANDALONE (from default"
                        + "; env NALA_DEPLOYMENT_MODE is set but empty, so it is ignored"
                        + "; system property nala.deployment-mode is set but empty, so it is ignored)");
    }

    @Test
    void badEnvValueFailsNamingTheVariable() {
        assertThatThrownBy(() -> HttpClientFactory.builder()
                        .environment(Environment.of(Map.of("NALA_DEPLOYMENT_MODE", "meshh")))
                        .config(ConfigFactory.empty())
                        .build())
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessage("Invalid deployment mode \"meshh\" from env NALA_DEPLOYMENT_MODE;"
                        + " valid values are standalone, mesh (case-insensitive)");
    }

    @Test
    void badSystemPropertyFailsNamingTheProperty() {
        assertThatThrownBy(() -> HttpClientFactory.builder()
                        .environment(Environment.of(Map.of(), Map.of("nala.deployment-mode", "linkerd")))
                        .config(ConfigFactory.empty())
                        .build())
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("\"linkerd\"")
                .hasMessageContaining("system property nala.deployment-mode");
    }

    @Test
    void badConfigValueFailsNamingTheFileAndKey() {
        assertThatThrownBy(() -> HttpClientFactory.builder()
                        .environment(Environment.of(Map.of()))
                        .config(ConfigFactory.parseResources("conf/bad-mode.conf"))
                        .build())
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("\"sidecar\"")
                .hasMessageContaining("config key nala.deployment-mode")
                .hasMessageContaining("bad-mode.conf")
                .hasMessageContaining("valid values are standalone, mesh");
    }

    @Test
    void nonStringConfigValueFails() {
        assertThatThrownBy(() -> HttpClientFactory.builder()
                        .environment(Environment.of(Map.of()))
                        .config(ConfigFactory.parseString("nala.deployment-mode = 42"))
                        .build())
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("42")
                .hasMessageContaining("config key nala.deployment-mode");
    }

    /** Builds and closes a factory, returning the single INFO line it logged. */
    private static String creationLine(HttpClientFactory.Builder builder) {
        try (LogCapture log = new LogCapture(HttpClientFactory.class)) {
            builder.build().close();
            assertThat(log.messages(Level.INFO)).hasSize(1);
            return log.messages(Level.INFO).get(0);
        }
    }
}
