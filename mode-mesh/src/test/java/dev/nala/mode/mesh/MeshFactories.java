package dev.nala.mode.mesh;

import com.typesafe.config.ConfigFactory;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import io.opentelemetry.api.OpenTelemetry;
import java.util.HashMap;
import java.util.Map;

/** Mesh-mode factories for tests: the mode from env, nothing read from the real process or pod. */
final class MeshFactories {
    /** Keeps tests off the machine's real service-account namespace file. */
    static final String NO_NAMESPACE_FILE = "nala.kubernetes.namespace-file = \"target/no-such-namespace-file\"\n";

    private MeshFactories() {}

    static HttpClientFactory mesh() {
        return mesh("", Map.of(), OpenTelemetry.noop());
    }

    static HttpClientFactory mesh(String hocon) {
        return mesh(hocon, Map.of(), OpenTelemetry.noop());
    }

    static HttpClientFactory mesh(String hocon, Map<String, String> env, OpenTelemetry openTelemetry) {
        Map<String, String> variables = new HashMap<>(env);
        variables.putIfAbsent("NALA_DEPLOYMENT_MODE", "mesh");
        return HttpClientFactory.builder()
                .environment(Environment.of(variables))
                .config(ConfigFactory.parseString(NO_NAMESPACE_FILE + hocon))
                .openTelemetry(openTelemetry)
                .build();
    }
}
