package dev.nala.mode.mesh;

import dev.nala.settings.NalaSettings;
import dev.nala.spi.CallDeadline;
import dev.nala.spi.ServiceName;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Bounds the whole call, reading the body included, by the service's {@code call-timeout}
 * ({@code nala.defaults.call-timeout} for hosts that are not logical services). A safety net
 * against a hung connection: when it fires the call fails, and nothing is retried.
 *
 * <p>A logical host's name is checked and its timeout looked up on its first call only.
 */
final class ServiceCallDeadline implements Interceptor {
    private final NalaSettings settings;
    private final PerLogicalHost<Duration> byHost;

    ServiceCallDeadline(NalaSettings settings) {
        this.settings = settings;
        // Throws for an invalid name, which is then never kept.
        this.byHost = new PerLogicalHost<>(url -> settings.service(ServiceName.fromUrl(url).orElseThrow()).callTimeout());
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        CallDeadline.arm(chain, callTimeout(chain.request().url()));
        return chain.proceed(chain.request());
    }

    private Duration callTimeout(HttpUrl url) throws IOException {
        String host = url.host();
        if (!ServiceName.isLogicalHost(host)) {
            return settings.defaults().callTimeout();
        }
        return byHost.get(url);
    }
}
