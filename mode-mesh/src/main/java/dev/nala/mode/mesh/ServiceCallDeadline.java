package dev.nala.mode.mesh;

import dev.nala.settings.NalaSettings;
import dev.nala.settings.ServiceSettings;
import dev.nala.spi.CallDeadline;
import dev.nala.spi.ServiceName;
import java.io.IOException;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Bounds the whole call, reading the body included, by the service's {@code call-timeout}
 * ({@code nala.defaults.call-timeout} for hosts that are not logical services). A safety net
 * against a hung connection: when it fires the call fails, and nothing is retried.
 */
final class ServiceCallDeadline implements Interceptor {
    private final NalaSettings settings;

    ServiceCallDeadline(NalaSettings settings) {
        this.settings = settings;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Optional<ServiceName> service = ServiceName.fromUrl(chain.request().url());
        ServiceSettings serviceSettings = service.map(settings::service).orElse(settings.defaults());
        CallDeadline.arm(chain, serviceSettings.callTimeout());
        return chain.proceed(chain.request());
    }
}
