package dev.nala.servlet;

import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;

/** Factories for the tests: the mode set in code, nothing read from the real process or pod, no OpenTelemetry SDK. */
final class Factories {
    private Factories() {}

    /** Mesh mode, with {@code inventory} served on {@code inventoryPort}. */
    static HttpClientFactory mesh(int inventoryPort) {
        return HttpClientFactory.builder()
                .mode(DeploymentMode.MESH)
                .environment(Environment.of(Map.of()))
                .config(ConfigFactory.parseString("nala.kubernetes.namespace-file = \"target/no-such-namespace-file\"\n"
                        + "nala.services.inventory.port = " + inventoryPort))
                .openTelemetry(OpenTelemetry.noop())
                .build();
    }

    static HttpClientFactory standalone() {
        return HttpClientFactory.builder()
                .mode(DeploymentMode.STANDALONE)
                .environment(Environment.of(Map.of()))
                .config(ConfigFactory.empty())
                .openTelemetry(OpenTelemetry.noop())
                .build();
    }
}
