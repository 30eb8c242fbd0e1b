package dev.nala.mode.standalone.tls;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;
import okhttp3.internal.tls.OkHostnameVerifier;

/**
 * Checks the server certificate against a service's configured {@code server-name} instead of
 * the host called, which for endpoints from Consul is often an IP address the certificate does
 * not list. The check itself is OkHttp's strict one (subject alternative names only, RFC 6125
 * wildcards).
 */
final class ServerNameVerifier implements HostnameVerifier {
    private final String serverName;

    ServerNameVerifier(String serverName) {
        this.serverName = serverName;
    }

    @Override
    public boolean verify(String host, SSLSession session) {
        return OkHostnameVerifier.INSTANCE.verify(serverName, session);
    }
}
