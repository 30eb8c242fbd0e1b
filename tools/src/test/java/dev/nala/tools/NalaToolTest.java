package dev.nala.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NalaToolTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path directory;

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(NalaTool.USAGE);
        assertThat(err()).contains("No command given").contains("generate");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(run("generat")).isEqualTo(NalaTool.USAGE);
        assertThat(err()).contains("Unknown command 'generat'").contains("generate");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("generate", "--mesh", "istio", "--ouput", "x")).isEqualTo(NalaTool.USAGE);
        assertThat(err()).contains("Unknown option \"--ouput\"").contains("Usage: generate");
    }

    @Test
    void aBadMeshNamesTheValueAndTheChoices() {
        assertThat(run("generate", "--mesh", "consul")).isEqualTo(NalaTool.USAGE);
        assertThat(err()).contains("Invalid --mesh \"consul\"; valid values are istio, linkerd");
    }

    @Test
    void aMissingMeshOrValueIsAUsageError() {
        assertThat(run("generate")).isEqualTo(NalaTool.USAGE);
        assertThat(err()).contains("generate needs --mesh");
        assertThat(run("generate", "--mesh", "istio", "--namespace")).isEqualTo(NalaTool.USAGE);
        assertThat(err()).contains("--namespace needs a value");
    }

    @Test
    void aBadNamespaceNamesTheValueAndWhatIsAllowed() {
        assertThat(run("generate", "--mesh", "istio", "--namespace", "Shop_1")).isEqualTo(NalaTool.USAGE);
        assertThat(err()).contains("Invalid --namespace \"Shop_1\"").contains("RFC 1123 label");
    }

    @Test
    void aMissingConfigFileIsAProblem() {
        assertThat(run(
                        "generate",
                        "--mesh",
                        "istio",
                        "--config",
                        directory.resolve("nope.conf").toString()))
                .isEqualTo(1);
        assertThat(err()).contains("nope.conf does not exist");
    }

    @Test
    void badSettingsAreAProblemNamingTheKey() throws IOException {
        Path config = Files.writeString(
                directory.resolve("application.conf"), "nala.services.\"payment-service\".retry.max-attemps = 2\n");

        assertThat(run("generate", "--mesh", "istio", "--config", config.toString()))
                .isEqualTo(1);
        assertThat(err()).contains("retry.max-attemps").contains("did you mean");
    }

    @Test
    void noServiceIsAProblemThatNamesTheWayOut() throws IOException {
        Path config = Files.writeString(directory.resolve("application.conf"), "nala.defaults.port = 8080\n");

        assertThat(run("generate", "--mesh", "linkerd", "--config", config.toString()))
                .isEqualTo(1);
        assertThat(err()).contains("no block under nala.services").contains("--service NAME");
    }

    @Test
    void writesOneFilePerResourceKindIntoTheOutDirectory() throws IOException {
        Path config = Files.writeString(
                directory.resolve("application.conf"),
                "nala.kubernetes.namespace = shop\nnala.services.\"payment-service\".port = 8080\n");
        Path out = directory.resolve("mesh");

        assertThat(run("generate", "--mesh", "istio", "--config", config.toString(), "--out", out.toString()))
                .isZero();
        assertThat(out.resolve("payment-service-virtual-service.yaml")).exists();
        assertThat(out.resolve("payment-service-destination-rule.yaml")).exists();
        assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("wrote ");
    }

    private int run(String... args) {
        return NalaTool.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
