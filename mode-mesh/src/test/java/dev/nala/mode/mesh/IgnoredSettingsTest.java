package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.nala.testing.LogCapture;
import org.junit.jupiter.api.Test;

/** One INFO line names the standalone settings the application set, which mesh mode ignores. */
class IgnoredSettingsTest {

    @Test
    void namesTheIgnoredKeysAndWhereTheyBelongInTheMesh() {
        String hocon = String.join(
                "\n",
                "nala.defaults.retry.max-attempts = 4",
                "nala.defaults.circuit-breaker.enabled = false",
                "nala.services.\"payment-service\" {",
                "  port = 8080",
                "  call-timeout = 2s",
                "  outlier-detection.consecutive-failures = 3",
                "  concurrency-limit.enabled = true",
                "  tls.trust-store { path = \"/etc/ca.p12\", password = hunter2 }",
                "}",
                "nala.consul.token = consul-secret");
        try (LogCapture log = new LogCapture(MeshModeProvider.class)) {
            MeshFactories.mesh(hocon).close();
            assertThat(log.messages(Level.INFO))
                    .singleElement()
                    .asString()
                    .contains("nala.defaults.retry.max-attempts")
                    .contains("nala.defaults.circuit-breaker.enabled")
                    .contains("nala.services.\"payment-service\".outlier-detection.consecutive-failures")
                    .contains("nala.services.\"payment-service\".concurrency-limit.enabled")
                    .contains("nala.services.\"payment-service\".tls.trust-store.path")
                    .contains("nala.services.\"payment-service\".tls.trust-store.password")
                    .contains("nala.consul.token")
                    .contains("VirtualService")
                    .contains("DestinationRule")
                    .doesNotContain("payment-service\".port")
                    .doesNotContain("call-timeout")
                    .doesNotContain("hunter2")
                    .doesNotContain("consul-secret")
                    .doesNotContain("/etc/ca.p12");
        }
    }

    @Test
    void namesCanarySubsetsAndRoutingAndPointsToTheGenerator() {
        String hocon = String.join(
                "\n",
                "nala.services.\"payment-service\" {",
                "  port = 8080",
                "  subsets { v1.meta.version = v1, v2 { meta.version = v2, tags = [canary] } }",
                "  routing {",
                "    rules = [{ header = x-canary, exact = always, subset = v2 }]",
                "    split { v1 = 90, v2 = 10 }",
                "    sticky-header = x-user-id",
                "    when-subset-empty = fail",
                "  }",
                "}");
        try (LogCapture log = new LogCapture(MeshModeProvider.class)) {
            MeshFactories.mesh(hocon).close();
            String service = "nala.services.\"payment-service\".";
            assertThat(log.messages(Level.INFO))
                    .singleElement()
                    .asString()
                    .contains(service + "subsets.v1.meta.version")
                    .contains(service + "subsets.v2.meta.version")
                    .contains(service + "subsets.v2.tags")
                    .contains(service + "routing.rules")
                    .contains(service + "routing.split.v1")
                    .contains(service + "routing.split.v2")
                    .contains(service + "routing.sticky-header")
                    .contains(service + "routing.when-subset-empty")
                    .contains("DestinationRule subsets and VirtualService routes")
                    .contains("nala-tools generate")
                    .doesNotContain("always")
                    .doesNotContain("x-user-id")
                    .doesNotContain(service + "port");
        }
    }

    @Test
    void saysNothingWhenOnlyMeshSettingsAreSet() {
        String hocon = "nala.defaults.call-timeout = 2s\nnala.services.\"payment-service\".port = 8080\n"
                + "nala.defaults.per-try-timeout = null";
        try (LogCapture log = new LogCapture(MeshModeProvider.class)) {
            MeshFactories.mesh(hocon).close();
            assertThat(log.messages(Level.INFO)).isEmpty();
        }
    }
}
