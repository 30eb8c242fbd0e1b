package dev.nala.mode.mesh;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for {@code https} calls to in-mesh hosts, which the sidecar secures: no chain or host name
 * check, no client certificate. The trust manager and verifier themselves refuse other hosts, so
 * a redirect to an external host (OkHttp keeps the TLS settings) fails instead of going unverified.
 */
final class SidecarTls {
    private final MeshDestinations destinations;
    private final X509ExtendedTrustManager trustManager;
    private final SSLSocketFactory socketFactory;
    private final HostnameVerifier hostnameVerifier;

    SidecarTls(MeshDestinations destinations) {
        this.destinations = destinations;
        this.trustManager = new InMeshOnlyTrustManager();
        this.hostnameVerifier = (host, session) -> destinations.isInMesh(host);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            // No key managers: no client certificate, whatever javax.net.ssl.keyStore says.
            context.init(new KeyManager[0], new TrustManager[] {trustManager}, null);
            this.socketFactory = context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no TLS implementation", e);
        }
    }

    SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    HostnameVerifier hostnameVerifier() {
        return hostnameVerifier;
    }

    private final class InMeshOnlyTrustManager extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            String host = socket instanceof SSLSocket ? peerHost((SSLSocket) socket) : null;
            requireInMesh(host);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            requireInMesh(engine == null ? null : engine.getPeerHost());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            requireInMesh(null);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("Nala's sidecar TLS is for client connections only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("Nala's sidecar TLS is for client connections only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("Nala's sidecar TLS is for client connections only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        private void requireInMesh(String host) throws CertificateException {
            if (!destinations.isInMesh(host)) {
                throw new CertificateException("Nala mesh mode leaves TLS to the sidecar only for in-mesh hosts"
                        + " (logical services and names in the cluster domain); "
                        + (host == null ? "the peer host is unknown" : "\"" + host + "\" is not one")
                        + ", so its certificate must be verified normally");
            }
        }

        private String peerHost(SSLSocket socket) {
            SSLSession session = socket.getHandshakeSession();
            return session == null ? null : session.getPeerHost();
        }
    }
}
