package dev.nala.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.Environment;
import dev.nala.tools.generate.GeneratedFile;
import dev.nala.tools.generate.Mesh;
import dev.nala.tools.generate.ResourceYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/kubernetes/payment-service-*.yaml are the generator's output for docs/kubernetes/application.conf.
 * Regenerate them with {@code mvn -B -pl tools -am test -Dtest=MeshResourcesDocsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dnala.regenerate=true}.
 */
class MeshResourcesDocsTest {
    private static final Path DOCS = Path.of("..", "docs", "kubernetes");
    private static final String REGENERATE = "mvn -B -pl tools -am test -Dtest=MeshResourcesDocsTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dnala.regenerate=true";

    @Test
    void theExampleManifestsAreTheGeneratorsOutput() throws Exception {
        for (Mesh mesh : Mesh.values()) {
            for (GeneratedFile file : generate(mesh)) {
                Path checkedIn = DOCS.resolve(file.fileName());
                String expected = ResourceYaml.write(file);
                if (Boolean.getBoolean("nala.regenerate")) {
                    Files.writeString(checkedIn, expected, StandardCharsets.UTF_8);
                }
                assertThat(Files.exists(checkedIn))
                        .as("%s is missing; generate it with %s", checkedIn, REGENERATE)
                        .isTrue();
                assertThat(Files.readString(checkedIn, StandardCharsets.UTF_8))
                        .as(
                                "%s differs from what the generator writes for %s; regenerate with %s",
                                checkedIn, DOCS.resolve("application.conf"), REGENERATE)
                        .isEqualTo(expected);
            }
        }
    }

    private static List<GeneratedFile> generate(Mesh mesh) throws UsageException, IOException {
        GenerateOptions options = GenerateOptions.parse(
                List.of("--config", DOCS.resolve("application.conf").toString(), "--mesh", mesh.optionValue()));
        return new GenerateCommand(Environment.of(Map.of())).generate(options);
    }
}
