package dev.nala.mode.mesh;

import okhttp3.Interceptor;
import okhttp3.Request;

/**
 * Leaves TLS to the sidecar for in-mesh destinations ({@link SidecarTls} for {@code https}); every
 * other destination keeps the client's own TLS settings.
 */
final class TlsOffload {
    private final MeshDestinations destinations;
    private final SidecarTls sidecarTls;

    TlsOffload(MeshDestinations destinations, SidecarTls sidecarTls) {
        this.destinations = destinations;
        this.sidecarTls = sidecarTls;
    }

    /** {@code chain} as it is unless the request goes to an in-mesh https host. */
    Interceptor.Chain chainFor(Interceptor.Chain chain, Request request) {
        if (!request.isHttps() || !destinations.isInMesh(request.url().host())) {
            return chain;
        }
        return chain.withSslSocketFactory(sidecarTls.socketFactory(), sidecarTls.trustManager())
                .withHostnameVerifier(sidecarTls.hostnameVerifier());
    }
}
