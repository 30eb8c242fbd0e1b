package dev.nala;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeploymentModeTest {

    @Test
    void parsesTheDocumentedValues() {
        assertThat(DeploymentMode.parse("standalone", "test")).isEqualTo(DeploymentMode.STANDALONE);
        assertThat(DeploymentMode.parse("mesh", "test")).isEqualTo(DeploymentMode.MESH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MESH", "Mesh", " mesh", "mesh\n", "\t MeSh \t"})
    void ignoresCaseAndSurroundingWhitespace(String value) {
        assertThat(DeploymentMode.parse(value, "test")).isEqualTo(DeploymentMode.MESH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"meshy", "", "  ", "stand alone", "istio"})
    void rejectsAnythingElseNamingValueSourceAndChoices(String value) {
        assertThatThrownBy(() -> DeploymentMode.parse(value, "env NALA_DEPLOYMENT_MODE"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("\"" + value + "\"")
                .hasMessageContaining("env NALA_DEPLOYMENT_MODE")
                .hasMessageContaining("standalone, mesh");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> DeploymentMode.parse(null, "somewhere"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("null")
                .hasMessageContaining("somewhere");
    }

    @Test
    void namesTheArtifactThatImplementsEachMode() {
        assertThat(DeploymentMode.MESH.mavenCoordinates()).isEqualTo("dev.nala:nala-mode-mesh");
        assertThat(DeploymentMode.STANDALONE.mavenCoordinates()).isEqualTo("dev.nala:nala-mode-standalone");
    }
}
