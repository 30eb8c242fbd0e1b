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
 * A logical service as mesh mode sends to it: Kubernetes DNS name, Service port, {@code
 * call-timeout} and whether the sidecar is told the deadline, worked out on its first call and reused.
 */
final class MeshService {
    /** Per service: at most 16 x 1,024 services. */
    static final int REMEMBERED_URLS = 16;

    private static final String MODE = DeploymentMode.MESH.configValue();
    /** For hosts that are not logical services. */
    static final Attributes OTHER_HOSTS_TELEMETRY = Attributes.of(TelemetryNames.DEPLOYMENT_MODE, MODE);

    private final TargetHost host;
    private final int port;
    private final Duration callTimeout;
    /** Null when the service's {@code sidecar-deadline} is off. */
    private final SidecarDeadline sidecarDeadline;

    private final Attributes telemetry;

    private MeshService(
            TargetHost host, int port, Duration callTimeout, SidecarDeadline sidecarDeadline, Attributes telemetry) {
        this.host = host;
        this.port = port;
        this.callTimeout = callTimeout;
        this.sidecarDeadline = sidecarDeadline;
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
                service.sidecarDeadline() ? new SidecarDeadline() : null,
                Attributes.of(TelemetryNames.SERVICE, name.value(), TelemetryNames.DEPLOYMENT_MODE, MODE));
    }

    Attributes telemetry() {
        return telemetry;
    }

    Duration callTimeout() {
        return callTimeout;
    }

    /** Null when the sidecar is not told the deadline. */
    SidecarDeadline sidecarDeadline() {
        return sidecarDeadline;
    }

    /**
     * A port in the URL wins unless it is the scheme's default, which a URL cannot tell from none, so
     * then the configured Service port applies.
     */
    HttpUrl inClusterUrl(HttpUrl url) {
        int written = url.port();
        return host.applyTo(url, written != HttpUrl.defaultPort(url.scheme()) ? written : port);
    }
}
