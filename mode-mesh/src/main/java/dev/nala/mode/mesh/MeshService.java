package dev.nala.mode.mesh;

import dev.nala.DeploymentMode;
import dev.nala.discovery.KubernetesServiceNames;
import dev.nala.internal.ServiceName;
import dev.nala.internal.TargetHost;
import dev.nala.internal.TelemetryNames;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;

/**
 * A logical service ({@code http://payment-service/charge}) as mesh mode sends to it: its
 * Kubernetes DNS name, {@code payment-service.<namespace>.svc.<cluster-domain>}, where the
 * sidecar picks the call up, its Service port, and its {@code call-timeout}. Worked out (the
 * name checked, the host made canonical) on the service's first call, then reused.
 */
final class MeshService {
    /** URLs remembered per service, rewritten ({@link TargetHost}): at most 16 x 1,024 services. */
    static final int REMEMBERED_URLS = 16;

    private static final String MODE = DeploymentMode.MESH.configValue();
    /** The telemetry attributes of calls to hosts that are not logical services. */
    static final Attributes OTHER_HOSTS_TELEMETRY = Attributes.of(TelemetryNames.DEPLOYMENT_MODE, MODE);

    private final TargetHost host;
    private final int port;
    private final Duration callTimeout;
    private final Attributes telemetry;

    private MeshService(TargetHost host, int port, Duration callTimeout, Attributes telemetry) {
        this.host = host;
        this.port = port;
        this.callTimeout = callTimeout;
        this.telemetry = telemetry;
    }

    /** @throws dev.nala.InvalidServiceNameException if the URL's host is not a valid service name */
    static MeshService of(HttpUrl url, NalaSettings settings, KubernetesServiceNames names) throws IOException {
        ServiceName name = ServiceName.fromUrl(url).orElseThrow();
        ServiceSettings service = settings.service(name);
        return new MeshService(
                TargetHost.of(names.hostFor(name), REMEMBERED_URLS),
                service.port(),
                service.callTimeout(),
                Attributes.of(TelemetryNames.SERVICE, name.value(), TelemetryNames.DEPLOYMENT_MODE, MODE));
    }

    /** The service's telemetry attributes: {@code nala.service}, {@code nala.deployment_mode}. */
    Attributes telemetry() {
        return telemetry;
    }

    /** The service's {@code call-timeout}. */
    Duration callTimeout() {
        return callTimeout;
    }

    /**
     * {@code url} pointed at the service's Kubernetes DNS name. The port: one written in the URL
     * wins unless it is the scheme's default (80 for http, 443 for https); otherwise the
     * service's configured {@code port}, the Kubernetes Service port. A URL cannot tell
     * {@code http://payment-service:80/} from {@code http://payment-service/}, so both get the
     * configured port.
     */
    HttpUrl inClusterUrl(HttpUrl url) {
        int written = url.port();
        return host.applyTo(url, written != HttpUrl.defaultPort(url.scheme()) ? written : port);
    }
}
