package dev.nala.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.istio.api.networking.v1.VirtualService;
import org.junit.jupiter.api.Test;

class UnknownFieldsTest {
    private static final String VIRTUAL_SERVICE = String.join(
            "\n",
            "apiVersion: networking.istio.io/v1",
            "kind: VirtualService",
            "metadata:",
            "  name: payment-service",
            "spec:",
            "  hosts:",
            "    - payment-service.shop.svc.cluster.local",
            "  http:",
            "    - retries:",
            "        attempts: 2",
            "        %s: 5xx",
            "");

    @Test
    void aKnownFieldPasses() {
        VirtualService parsed = ParsedYaml.read(VIRTUAL_SERVICE.formatted("retryOn"), VirtualService.class)
                .get(0);

        assertThat(parsed.getSpec().getHttp().get(0).getRetries().getRetryOn()).isEqualTo("5xx");
    }

    @Test
    void aMisspelledFieldIsRefusedWithItsPath() {
        assertThatThrownBy(() -> ParsedYaml.read(VIRTUAL_SERVICE.formatted("retyOn"), VirtualService.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("spec.http[0].retries.retyOn");
    }
}
