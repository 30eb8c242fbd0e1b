package example;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nala.DeploymentMode;
import dev.nala.HttpClientFactory;
import dev.nala.NalaConfigurationException;
import org.junit.jupiter.api.Test;

class CoreOnlyTest {

    @Test
    void startingTheAppNamesTheStandaloneModuleToAdd() {
        NalaConfigurationException error = assertThrows(NalaConfigurationException.class, () -> App.main(new String[0]));

        String message = error.getMessage();
        System.out.println("HttpClientFactory.create() failed with:\n" + message);
        assertContains(message, "STANDALONE");
        assertContains(message, "dev.nala:nala-mode-standalone");
        assertContains(message, "classpath");
    }

    @Test
    void askingForMeshModeNamesTheMeshModuleToAdd() {
        NalaConfigurationException error = assertThrows(NalaConfigurationException.class,
                () -> HttpClientFactory.builder().mode(DeploymentMode.MESH).build());

        String message = error.getMessage();
        System.out.println("HttpClientFactory.builder().mode(MESH).build() failed with:\n" + message);
        assertContains(message, "MESH");
        assertContains(message, "dev.nala:nala-mode-mesh");
        assertContains(message, "classpath");
    }

    private static void assertContains(String message, String expected) {
        assertTrue(message.contains(expected), () -> "expected \"" + expected + "\" in: " + message);
    }
}
