package dev.nala.mode.mesh;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

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

    /** Sends {@code request} on, over the sidecar's TLS if it goes to an in-mesh https host. */
    Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        if (!request.isHttps() || !destinations.isInMesh(request.url().host())) {
            return chain.proceed(request);
        }
        return chain.withSslSocketFactory(sidecarTls.socketFactory(), sidecarTls.trustManager())
                .withHostnameVerifier(sidecarTls.hostnameVerifier())
                .proceed(request);
    }
}
