package dev.nala.mode.mesh;

import dev.nala.InboundRequest;
import dev.nala.discovery.KubernetesServiceNames;
import dev.nala.internal.CallDeadline;
import dev.nala.internal.ConnectionResend;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.NalaSettings;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Mesh mode's one interceptor: arms the call deadline, adds trace headers, points the URL at the
 * Kubernetes name and tells the sidecar the deadline, offloads TLS in-mesh and sends once
 * (docs/mesh.md, "What the mesh chain does, call by call"). One interceptor, one request copy: see
 * {@link dev.nala.spi.ModeChain#outermost}.
 */
final class SidecarHandoff implements Interceptor {
    private final Duration defaultCallTimeout;
    private final PerLogicalHost<MeshService> services;
    private final TraceContextHeaders traceContext;
    private final InboundHeaderForwarding inboundHeaders = new InboundHeaderForwarding();
    private final TlsOffload tlsOffload;
    private final ConnectionResend resend;

    SidecarHandoff(
            NalaSettings settings,
            KubernetesServiceNames names,
            TraceContextHeaders traceContext,
            TlsOffload tlsOffload,
            ConnectionResend resend) {
        this.defaultCallTimeout = settings.defaults().callTimeout();
        // Throws for an invalid name, which is then never kept.
        this.services = new PerLogicalHost<>(url -> MeshService.of(url, settings, names));
        this.traceContext = traceContext;
        this.tlsOffload = tlsOffload;
        this.resend = resend;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        HttpUrl url = request.url();
        MeshService service = ServiceName.isLogicalHost(url.host()) ? services.get(url) : null;
        long deadline = CallDeadline.arm(chain, service != null ? service.callTimeout() : defaultCallTimeout);
        Request.Builder outgoing = request.newBuilder();
        InboundRequest inbound = InboundRequest.current().orElse(null);
        traceContext.addTo(request, inbound, outgoing);
        if (inbound != null) {
            inboundHeaders.addTo(request, inbound, outgoing);
        }
        if (service != null) {
            outgoing.url(service.inClusterUrl(url));
            SidecarDeadline sidecarDeadline = service.sidecarDeadline();
            if (sidecarDeadline != null) {
                sidecarDeadline.addTo(request, deadline, outgoing);
            }
        }
        Request sent = outgoing.build();
        return resend.proceed(
                tlsOffload.chainFor(chain, sent),
                sent,
                service != null ? service.telemetry() : MeshService.OTHER_HOSTS_TELEMETRY);
    }
}
