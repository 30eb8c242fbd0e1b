package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.nala.Environment;
import dev.nala.NalaConfigurationException;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.KubernetesSettings;
import dev.nala.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesServiceNamesTest {
    private static final ServiceName PAYMENT = ServiceName.of("payment-service");

    @TempDir
    Path dir;

    private KubernetesSettings settings(String hocon) {
        return TestSettings.load(hocon).kubernetes();
    }

    private String fileSetting(Path file) {
        return "nala.kubernetes.namespace-file = \"" + file + "\"\n";
    }

    private Path namespaceFile(String content) throws IOException {
        Path file = dir.resolve("namespace");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void theFactorysNamesLogTheNamespaceAndAReportsNamesDoNot() {
        KubernetesSettings shop = settings("nala.kubernetes.namespace = shop");
        try (LogCapture logs = new LogCapture(KubernetesServiceNames.class)) {
            KubernetesServiceNames resolved = KubernetesServiceNames.resolve(shop, Environment.of(Map.of()));
            assertThat(logs.messages(Level.INFO)).isEmpty();

            KubernetesServiceNames created = KubernetesServiceNames.create(shop, Environment.of(Map.of()));
            assertThat(logs.messages(Level.INFO))
                    .containsExactly("Kubernetes namespace shop (from config key nala.kubernetes.namespace);"
                            + " services resolve as <name>.shop.svc.cluster.local");
            assertThat(resolved.hostFor(PAYMENT)).isEqualTo(created.hostFor(PAYMENT));
        }
    }

    @Test
    void configuredNamespaceComesFirst() throws IOException {
        KubernetesServiceNames names = KubernetesServiceNames.create(
                settings(fileSetting(namespaceFile("from-file")) + "nala.kubernetes.namespace = shop"),
                Environment.of(Map.of("KUBERNETES_NAMESPACE", "from-env")));
        assertThat(names.hostFor(PAYMENT)).isEqualTo("payment-service.shop.svc.cluster.local");
        assertThat(names.namespaceSource()).isEqualTo("config key nala.kubernetes.namespace");
    }

    @Test
    void thenTheEnvironmentVariable() throws IOException {
        KubernetesServiceNames names = KubernetesServiceNames.create(
                settings(fileSetting(namespaceFile("from-file"))),
                Environment.of(Map.of("KUBERNETES_NAMESPACE", "from-env")));
        assertThat(names.namespace()).isEqualTo("from-env");
        assertThat(names.namespaceSource()).isEqualTo("env KUBERNETES_NAMESPACE");
    }

    @Test
    void thenThePodsServiceAccountFile() throws IOException {
        Path file = namespaceFile("from-file\n");
        KubernetesServiceNames names =
                KubernetesServiceNames.create(settings(fileSetting(file)), Environment.of(Map.of()));
        assertThat(names.hostFor(PAYMENT)).isEqualTo("payment-service.from-file.svc.cluster.local");
        assertThat(names.namespaceSource()).isEqualTo("file " + file);
    }

    @Test
    void thenDefault() {
        KubernetesServiceNames names =
                KubernetesServiceNames.create(settings(fileSetting(dir.resolve("absent"))), Environment.of(Map.of()));
        assertThat(names.hostFor(PAYMENT)).isEqualTo("payment-service.default.svc.cluster.local");
        assertThat(names.namespaceSource()).startsWith("default");
    }

    @Test
    void customClusterDomainAndTrailingDot() {
        KubernetesServiceNames names = KubernetesServiceNames.create(
                settings(fileSetting(dir.resolve("absent"))
                        + "nala.kubernetes { namespace = team-a, cluster-domain = corp.example, trailing-dot = true }"),
                Environment.of(Map.of()));
        assertThat(names.hostFor(PAYMENT)).isEqualTo("payment-service.team-a.svc.corp.example.");
        assertThat(names.isInCluster("billing.team-b.svc.corp.example")).isTrue();
        assertThat(names.isInCluster("billing.team-b.svc.corp.example.")).isTrue();
        assertThat(names.isInCluster("billing.example.com")).isFalse();
        assertThat(names.isInCluster("evilcorp.example")).isFalse();
    }

    @Test
    void aBadNamespaceFromTheEnvironmentIsAClearError() {
        assertThatThrownBy(() -> KubernetesServiceNames.create(
                        settings(fileSetting(dir.resolve("absent"))),
                        Environment.of(Map.of("KUBERNETES_NAMESPACE", "Team_A"))))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("\"Team_A\"")
                .hasMessageContaining("env KUBERNETES_NAMESPACE");
    }

    @Test
    void anUnreadableNamespaceFileIsAClearError() {
        // A directory where the file should be cannot be read.
        assertThatThrownBy(() -> KubernetesServiceNames.create(settings(fileSetting(dir)), Environment.of(Map.of())))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("nala.kubernetes.namespace-file");
    }
}
