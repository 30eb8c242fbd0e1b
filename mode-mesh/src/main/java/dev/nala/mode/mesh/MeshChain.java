package dev.nala.mode.mesh;

import dev.nala.discovery.KubernetesServiceNames;
import dev.nala.internal.ConnectionResend;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.spi.ModeChain;
import io.opentelemetry.api.OpenTelemetry;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Mesh mode's contribution to the factory's client: one interceptor, {@link SidecarHandoff}, which
 * arms the service's call deadline, adds trace context and the inbound tracing headers, points
 * the call at the Kubernetes DNS name and offloads TLS for in-mesh destinations. The factory
 * already runs the chain in the caller's context. Nothing retries; the factory turns OkHttp's own
 * connection-failure retries off and stops the repeat OkHttp would still make of a {@code 503}
 * with {@code Retry-After: 0}. The one thing sent twice is a request that met a pooled connection
 * the sidecar had already closed, which never reached the sidecar ({@link ConnectionResend}).
 */
final class MeshChain implements ModeChain {
    private final SidecarHandoff handoff;

    MeshChain(NalaSettings settings, KubernetesServiceNames names, OpenTelemetry openTelemetry) {
        MeshDestinations destinations = new MeshDestinations(names);
        // One SidecarTls per factory: OkHttp pools connections by address, and the address
        // includes the socket factory and host name verifier.
        this.handoff = new SidecarHandoff(
                settings,
                names,
                new TraceContextHeaders(openTelemetry.getPropagators().getTextMapPropagator()),
                new TlsOffload(destinations, new SidecarTls(destinations)),
                new ConnectionResend(openTelemetry, settings.connectionPool().maxIdle()));
    }

    @Override
    public Interceptor outermost() {
        return handoff;
    }

    @Override
    public void configure(OkHttpClient.Builder builder) {
        // SidecarHandoff is all there is, and the factory runs it inside its own interceptor.
    }

    /** Mesh mode starts no threads and holds nothing beyond the client's own pools. */
    @Override
    public void close() {}
}
