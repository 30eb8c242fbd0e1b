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
 * Mesh mode's one interceptor: hands each call to the sidecar, once.
 *
 * <ol>
 *   <li>bounds the whole call, reading the body included, by the service's {@code call-timeout}
 *       ({@code nala.defaults.call-timeout} for hosts that are not logical services): a safety
 *       net against a hung connection; when it fires the call fails and nothing is retried;
 *   <li>adds trace context ({@link TraceContextHeaders}) and the inbound request's other tracing
 *       headers ({@link InboundHeaderForwarding});
 *   <li>points a logical service's URL at its Kubernetes DNS name and port ({@link MeshService});
 *   <li>leaves TLS to the sidecar for in-mesh destinations ({@link TlsOffload});
 *   <li>sends it, once more on a new connection only if it met a pooled connection the sidecar had
 *       already closed, which the sidecar never saw ({@link ConnectionResend}; not a retry).
 * </ol>
 * Each step is its own collaborator; they share one interceptor and one copy of the request (see
 * {@link dev.nala.spi.ModeChain#outermost}).
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
        CallDeadline.arm(chain, service != null ? service.callTimeout() : defaultCallTimeout);
        Request.Builder outgoing = request.newBuilder();
        InboundRequest inbound = InboundRequest.current().orElse(null);
        traceContext.addTo(request, inbound, outgoing);
        if (inbound != null) {
            inboundHeaders.addTo(request, inbound, outgoing);
        }
        if (service != null) {
            outgoing.url(service.inClusterUrl(url));
        }
        Request sent = outgoing.build();
        return resend.proceed(
                tlsOffload.chainFor(chain, sent),
                sent,
                service != null ? service.telemetry() : MeshService.OTHER_HOSTS_TELEMETRY);
    }
}
