package dev.nala.mode.mesh;

import dev.nala.discovery.KubernetesServiceNames;
import dev.nala.internal.ConnectionResend;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.spi.ModeChain;
import io.opentelemetry.api.OpenTelemetry;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Mesh mode's contribution to the factory's client: one interceptor, {@link SidecarHandoff}. Nothing
 * retries; only a request that met a pooled connection the sidecar had closed is sent again
 * ({@link ConnectionResend}).
 */
final class MeshChain implements ModeChain {
    private final SidecarHandoff handoff;

    MeshChain(NalaSettings settings, KubernetesServiceNames names, OpenTelemetry openTelemetry) {
        MeshDestinations destinations = new MeshDestinations(names);
        // One per factory: OkHttp pools connections by address, which includes the socket factory
        // and host name verifier.
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

    /** Starts no threads; holds nothing beyond the client's own pools. */
    @Override
    public void close() {}
}
