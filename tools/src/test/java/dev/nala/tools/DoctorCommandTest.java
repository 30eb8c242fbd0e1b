package dev.nala.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.DeploymentMode;
import dev.nala.DeploymentReport;
import dev.nala.DeploymentReport.Finding;
import dev.nala.DeploymentReport.Severity;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.discovery.testing.ConsulStandIn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
    private static final Environment NO_VARIABLES = Environment.of(Map.of(), Map.of());

    @TempDir
    Path dir;

    private record Outcome(int exitCode, String out, String err) {}

    private Outcome doctor(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new DoctorCommand(NO_VARIABLES)
                .run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path config(String text) throws IOException {
        Path file = dir.resolve("application.conf");
        Files.writeString(file, text);
        return file;
    }

    private DeploymentReport report(Path file) {
        return HttpClientFactory.builder()
                .config(ApplicationConfig.load(java.util.Optional.of(file)))
                .environment(NO_VARIABLES)
                .describe();
    }

    private static List<String> findings(DeploymentReport report, Severity severity) {
        List<String> found = new ArrayList<>();
        for (Finding finding : report.findings()) {
            if (finding.severity() == severity) {
                found.add(finding.subject() + ": " + finding.message());
            }
        }
        return found;
    }

    @Test
    void aValidStaticConfigurationExitsZero() throws IOException {
        Path file = config("""
                nala.services."payment-service" {
                  discovery = static
                  endpoints = ["127.0.0.1:8081", "127.0.0.1:8082"]
                  retry.max-attempts = 2
                }
                """);

        Outcome outcome = doctor("--config", file.toString());

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out())
                .contains("Nala deployment mode: standalone (from default)")
                .contains("service payment-service")
                .contains("resolves to static endpoints: 127.0.0.1:8081, 127.0.0.1:8082")
                .contains("retry.max-attempts = 2  (" + file + ":4)")
                .contains("OK: 0 errors, 0 warnings")
                .doesNotContain("consul");
        assertThat(report(file).findings()).isEmpty();
    }

    @Test
    void consulUpListsInstancesWithTheirHealth() throws IOException {
        try (ConsulStandIn consul = ConsulStandIn.start()) {
            consul.register("payment-service", "pay-1", "127.0.0.1", 8081);
            consul.register(
                    "payment-service",
                    ConsulStandIn.Instance.of("pay-2", "127.0.0.1", 8082).withPassing(false));
            Path file = config("nala.consul.address = \"" + consul.address() + "\"\n"
                    + "nala.services.\"payment-service\".call-timeout = 3s\n");

            Outcome outcome = doctor("--config", file.toString());

            assertThat(outcome.exitCode()).isZero();
            assertThat(outcome.out())
                    .contains(consul.address() + " (from config key nala.consul.address (" + file + ":1)): answers")
                    .contains("resolves through Consul: 2 instances: 127.0.0.1:8081 passing, 127.0.0.1:8082 critical")
                    .contains("call-timeout = 3s  (" + file + ":2)");
            assertThat(consul.requests("payment-service"))
                    .allSatisfy(request -> assertThat(request.query()).doesNotContainKey("index"));
        }
    }

    @Test
    void consulDownIsAnError() throws IOException {
        try (ConsulStandIn consul = ConsulStandIn.start()) {
            consul.goDown();
            Path file = config("nala.consul.address = \"" + consul.address() + "\"\n"
                    + "nala.services.\"payment-service\".call-timeout = 3s\n");

            long started = System.nanoTime();
            Outcome outcome = doctor("--config", file.toString());

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.out())
                    .contains("ERROR " + consul.address())
                    .contains("does not answer")
                    .contains("resolves through Consul: not queried, Consul does not answer")
                    .contains("FAILED: 1 error, 0 warnings");
            assertThat(findings(report(file), Severity.ERROR))
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("consul: " + consul.address());
        }
    }

    @Test
    void aMissingTrustStoreIsAnErrorAndItsPasswordIsNotShown() throws IOException {
        Path missing = dir.resolve("no-such-truststore.p12");
        Path file = config("""
                nala.services."payment-service" {
                  discovery = static
                  endpoints = ["127.0.0.1:8443"]
                  tls.trust-store { path = "%s", password = "hunter2-secret" }
                }
                """.formatted(missing));

        Outcome outcome = doctor("--config", file.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out())
                .contains("ERROR ")
                .contains(missing.toString())
                .contains("tls.trust-store.password = <redacted>")
                .doesNotContain("hunter2-secret");
        assertThat(findings(report(file), Severity.ERROR))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("payment-service: ")
                .contains(missing.toString());
    }

    @Test
    void aCertificateExpiringInTenDaysIsAWarning() throws IOException {
        Instant now = Instant.now();
        HeldCertificate client = new HeldCertificate.Builder()
                .commonName("orders-client")
                .validityInterval(
                        now.minus(Duration.ofDays(1)).toEpochMilli(),
                        now.plus(Duration.ofDays(10)).toEpochMilli())
                .build();
        Path certificate = Files.writeString(dir.resolve("client.pem"), client.certificatePem());
        Path key = Files.writeString(dir.resolve("client.key"), client.privateKeyPkcs8Pem());
        Path file = config("""
                nala.services."payment-service" {
                  discovery = static
                  endpoints = ["127.0.0.1:8443"]
                  tls.key-store { path = "%s", key-path = "%s", type = PEM }
                }
                """.formatted(certificate, key));

        Outcome outcome = doctor("--config", file.toString());

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out())
                .contains("key store " + certificate + ": CN=orders-client, valid ")
                .contains("WARNING key store " + certificate + ": CN=orders-client expires in 10 days")
                .contains("OK: 0 errors, 1 warning");
        assertThat(findings(report(file), Severity.WARNING))
                .containsExactly(
                        "payment-service: key store " + certificate + ": CN=orders-client expires in 10 days, on "
                                + java.time.LocalDate.ofInstant(
                                        client.certificate().getNotAfter().toInstant(), java.time.ZoneOffset.UTC));
    }

    @Test
    void meshModeListsTheStandaloneSettingsItIgnores() throws IOException {
        Path file = config("""
                nala.deployment-mode = mesh
                nala.consul.address = "http://127.0.0.1:1"
                nala.services."payment-service" {
                  port = 8080
                  retry.max-attempts = 2
                  circuit-breaker.enabled = false
                }
                """);

        Outcome outcome = doctor("--config", file.toString());

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out())
                .contains("Nala deployment mode: mesh (from config key nala.deployment-mode (" + file + ":1))")
                .contains("INFO ignored in mesh mode: nala.consul.address (" + file + ":2)")
                .contains("INFO ignored in mesh mode: nala.services.\"payment-service\".retry.max-attempts (" + file
                        + ":5)")
                .contains("payment-service.default.svc.cluster.local:8080");
        DeploymentReport report = report(file);
        assertThat(report.mode()).isEqualTo(DeploymentMode.MESH);
        assertThat(findings(report, Severity.INFO))
                .containsExactlyInAnyOrder(
                        "settings: ignored in mesh mode: nala.consul.address (" + file + ":2)",
                        "payment-service: ignored in mesh mode: nala.services.\"payment-service\".retry.max-attempts ("
                                + file + ":5)",
                        "payment-service: ignored in mesh mode: nala.services.\"payment-service\".circuit-breaker.enabled ("
                                + file + ":6)");
        assertThat(report.hasErrors()).isFalse();
    }

    @Test
    void invalidSettingsPrintNalasMessageAndExitOne() throws IOException {
        Path file = config("nala.defaults.retry.max-attempts = lots\n");

        Outcome outcome = doctor("--config", file.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err()).contains("nala.defaults.retry.max-attempts");
    }

    @Test
    void aBadCommandLineIsAUsageError() {
        assertThat(doctor("--verbose").exitCode()).isEqualTo(NalaTool.USAGE);
        assertThat(NalaTool.run(
                        List.of("doctor", "--config"), System.out, new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(NalaTool.USAGE);
    }

    @Test
    void aRunningFactoryDescribesItself() throws IOException {
        Path file = config("""
                nala.services."payment-service" { discovery = static, endpoints = ["127.0.0.1:8081"] }
                """);
        try (HttpClientFactory factory = HttpClientFactory.builder()
                .config(ApplicationConfig.load(java.util.Optional.of(file)))
                .environment(NO_VARIABLES)
                .build()) {
            DeploymentReport report = factory.describe();

            assertThat(report.mode()).isEqualTo(DeploymentMode.STANDALONE);
            assertThat(report.findings()).isEmpty();
            assertThat(report.text()).contains("resolves to static endpoints: 127.0.0.1:8081");
        }
    }
}
