package dev.nala;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;

class ModeProvidersTest {

    /** A class loader that sees every class but no mode module registrations. */
    private static final ClassLoader NO_MODE_MODULES = new ClassLoader(ModeProvidersTest.class.getClassLoader()) {
        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.startsWith("META-INF/services/")) {
                return Collections.emptyEnumeration();
            }
            return super.getResources(name);
        }
    };

    @Test
    void missingModeModuleNamesTheArtifactToAdd() {
        ModeSelection selection = new ModeSelection(DeploymentMode.MESH, "env NALA_DEPLOYMENT_MODE");
        assertThatThrownBy(() -> ModeProviders.find(selection, NO_MODE_MODULES))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessage("Deployment mode MESH (from env NALA_DEPLOYMENT_MODE) needs the Maven artifact"
                        + " dev.nala:nala-mode-mesh on the classpath; add the dependency"
                        + " dev.nala:nala-mode-mesh:<nala version>");
    }

    @Test
    void findsTheRegisteredModule() {
        ModeSelection selection = new ModeSelection(DeploymentMode.STANDALONE, "default");
        assertThat(ModeProviders.find(selection, ModeProvidersTest.class.getClassLoader()))
                .isInstanceOf(RecordingModeProvider.Standalone.class);
    }
}
