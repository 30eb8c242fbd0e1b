package dev.nala.mode.mesh;

import okhttp3.Interceptor;
import okhttp3.Request;

/**
 * Leaves TLS to the sidecar for in-mesh destinations. An {@code http} URL stays plain HTTP (the
 * sidecar adds mTLS on the way out); for an {@code https} URL to an in-mesh host the call uses
 * {@link SidecarTls}: no chain or host name check, no client certificate. Every other
 * destination keeps the client's own TLS settings and full verification.
 */
final class TlsOffload {
    private final MeshDestinations destinations;
    private final SidecarTls sidecarTls;

    TlsOffload(MeshDestinations destinations, SidecarTls sidecarTls) {
        this.destinations = destinations;
        this.sidecarTls = sidecarTls;
    }

    /**
     * The chain to send {@code request} on: over the sidecar's TLS if it goes to an in-mesh https
     * host, else {@code chain} as it is.
     */
    Interceptor.Chain chainFor(Interceptor.Chain chain, Request request) {
        if (!request.isHttps() || !destinations.isInMesh(request.url().host())) {
            return chain;
        }
        return chain.withSslSocketFactory(sidecarTls.socketFactory(), sidecarTls.trustManager())
                .withHostnameVerifier(sidecarTls.hostnameVerifier());
    }
}
