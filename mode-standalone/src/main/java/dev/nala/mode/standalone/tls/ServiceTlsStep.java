package dev.nala.mode.standalone.tls;

import dev.nala.internal.ServiceName;
import dev.nala.mode.standalone.AttemptStep;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Puts a service's own TLS on each {@code https} attempt to it. The service is read from the
 * call's original URL ({@code https://payments/...}), because by the time this runs endpoint
 * selection has replaced the host with an instance's address. Calls to ordinary hosts, plain
 * {@code http} calls and services without TLS settings keep the client's TLS untouched.
 */
final class ServiceTlsStep implements AttemptStep {
    private final Map<ServiceName, Optional<ServiceTls>> configured;
    private final Optional<ServiceTls> defaults;
    private final AttemptStep next;

    /**
     * @param configured the TLS of each service under {@code nala.services} (empty: none)
     * @param defaults the TLS of every other service ({@code nala.defaults.tls}), if any
     */
    ServiceTlsStep(Map<ServiceName, Optional<ServiceTls>> configured, Optional<ServiceTls> defaults, AttemptStep next) {
        this.configured = configured;
        this.defaults = defaults;
        this.next = next;
    }

    @Override
    public Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        if (!request.isHttps()) {
            return next.proceed(chain, request);
        }
        Optional<ServiceName> service =
                ServiceName.fromUrl(chain.call().request().url());
        if (service.isEmpty()) {
            return next.proceed(chain, request);
        }
        Optional<ServiceTls> tls = configured.getOrDefault(service.get(), defaults);
        if (tls.isEmpty()) {
            return next.proceed(chain, request);
        }
        ServiceTls serviceTls = tls.get();
        Interceptor.Chain withTls = chain.withSslSocketFactory(serviceTls.socketFactory(), serviceTls.trustManager())
                .withHostnameVerifier(serviceTls.hostnameVerifier());
        if (serviceTls.serverName().isEmpty()) {
            return next.proceed(withTls, request);
        }
        try {
            return next.proceed(withTls, request);
        } catch (SSLPeerUnverifiedException e) {
            SSLPeerUnverifiedException named = new SSLPeerUnverifiedException(e.getMessage()
                    + " (service \"" + service.get() + "\": the certificate was checked against its tls.server-name \""
                    + serviceTls.serverName().get() + "\", not the host called)");
            named.initCause(e);
            throw named;
        }
    }
}
