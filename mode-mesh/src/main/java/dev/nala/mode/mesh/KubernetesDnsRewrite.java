package dev.nala.mode.mesh;

import dev.nala.discovery.KubernetesServiceNames;
import dev.nala.settings.NalaSettings;
import dev.nala.spi.ServiceName;
import dev.nala.spi.TargetHost;
import java.io.IOException;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Sends a call for a logical service ({@code http://payment-service/charge}) to the service's
 * Kubernetes DNS name, {@code payment-service.<namespace>.svc.<cluster-domain>}, where the
 * sidecar picks it up. Any other host is left as written.
 *
 * <p>The port: a port written in the URL wins unless it is the scheme's default (80 for http,
 * 443 for https); otherwise the service's configured {@code port}, the Kubernetes Service port.
 * A URL cannot tell {@code http://payment-service:80/} from {@code http://payment-service/}, so
 * both get the configured port.
 *
 * <p>Each logical host is checked, named and made canonical on its first call only; later calls
 * reuse that, since building the host on every call cost more than the rest of the chain.
 */
final class KubernetesDnsRewrite implements Interceptor {
    private final NalaSettings settings;
    private final KubernetesServiceNames names;
    private final PerLogicalHost<InCluster> byHost = new PerLogicalHost<>(this::resolve);

    KubernetesDnsRewrite(NalaSettings settings, KubernetesServiceNames names) {
        this.settings = settings;
        this.names = names;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        HttpUrl url = chain.request().url();
        String host = url.host();
        if (!ServiceName.isLogicalHost(host)) {
            return chain.proceed(chain.request());
        }
        InCluster target = byHost.get(url);
        int port = url.port() != HttpUrl.defaultPort(url.scheme()) ? url.port() : target.port;
        HttpUrl inCluster = target.host.applyTo(url, port);
        return chain.proceed(chain.request().newBuilder().url(inCluster).build());
    }

    private InCluster resolve(HttpUrl url) throws IOException {
        Optional<ServiceName> service = ServiceName.fromUrl(url); // throws for an invalid name
        ServiceName name = service.orElseThrow();
        return new InCluster(TargetHost.of(names.hostFor(name)), settings.service(name).port());
    }

    /** Where a logical service lives in the cluster: its DNS name and Service port. */
    private static final class InCluster {
        final TargetHost host;
        final int port;

        InCluster(TargetHost host, int port) {
            this.host = host;
            this.port = port;
        }
    }
}
