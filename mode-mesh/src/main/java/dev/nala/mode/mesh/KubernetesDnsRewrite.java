package dev.nala.mode.mesh;

import dev.nala.discovery.KubernetesServiceNames;
import dev.nala.settings.NalaSettings;
import dev.nala.spi.ServiceName;
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
 */
final class KubernetesDnsRewrite implements Interceptor {
    private final NalaSettings settings;
    private final KubernetesServiceNames names;

    KubernetesDnsRewrite(NalaSettings settings, KubernetesServiceNames names) {
        this.settings = settings;
        this.names = names;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        HttpUrl url = chain.request().url();
        Optional<ServiceName> service = ServiceName.fromUrl(url);
        if (service.isEmpty()) {
            return chain.proceed(chain.request());
        }
        int port = url.port() != HttpUrl.defaultPort(url.scheme())
                ? url.port()
                : settings.service(service.get()).port();
        HttpUrl inCluster = url.newBuilder().host(names.hostFor(service.get())).port(port).build();
        return chain.proceed(chain.request().newBuilder().url(inCluster).build());
    }
}
