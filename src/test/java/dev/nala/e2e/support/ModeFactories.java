package dev.nala.e2e.support;

import com.typesafe.config.ConfigFactory;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;

/**
 * Factories built the way an application builds them, with the mode chosen through the
 * environment ({@code NALA_DEPLOYMENT_MODE}) as a Deployment would set it, not through the
 * builder. Nothing is read from the real process or from the machine's service-account files.
 */
public final class ModeFactories {
    /** The Kubernetes namespace the tests' pods "run" in. */
    public static final String NAMESPACE = "shop";

    private static final String NO_POD_FILES = "nala.kubernetes.namespace-file = \"target/no-such-namespace-file\"\n";

    private ModeFactories() {}

    /** {@code NALA_DEPLOYMENT_MODE=mesh}, {@code KUBERNETES_NAMESPACE=shop}, over the given HOCON. */
    public static HttpClientFactory mesh(String hocon) {
        return mesh(hocon, OpenTelemetry.noop());
    }

    /** As {@link #mesh(String)}, reporting to {@code openTelemetry}. */
    public static HttpClientFactory mesh(String hocon, OpenTelemetry openTelemetry) {
        return build(Map.of("NALA_DEPLOYMENT_MODE", "mesh", "KUBERNETES_NAMESPACE", NAMESPACE), hocon, openTelemetry);
    }

    /** {@code NALA_DEPLOYMENT_MODE=standalone}, over the given HOCON. */
    public static HttpClientFactory standalone(String hocon) {
        return standalone(hocon, OpenTelemetry.noop());
    }

    /** {@code NALA_DEPLOYMENT_MODE=standalone}, over the given HOCON, reporting to {@code openTelemetry}. */
    public static HttpClientFactory standalone(String hocon, OpenTelemetry openTelemetry) {
        return build(Map.of("NALA_DEPLOYMENT_MODE", "standalone"), hocon, openTelemetry);
    }

    /** The in-mesh name a logical service becomes in the tests' namespace. */
    public static String meshName(String service) {
        return service + "." + NAMESPACE + ".svc.cluster.local";
    }

    private static HttpClientFactory build(Map<String, String> env, String hocon, OpenTelemetry openTelemetry) {
        return HttpClientFactory.builder()
                .environment(Environment.of(env))
                .config(ConfigFactory.parseString(NO_POD_FILES + hocon))
                .openTelemetry(openTelemetry)
                .build();
    }
}
