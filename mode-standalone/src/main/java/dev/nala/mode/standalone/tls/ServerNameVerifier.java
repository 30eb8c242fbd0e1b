package dev.nala.mode.standalone.tls;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;

/**
 * Checks the server certificate against a service's configured {@code server-name} instead of
 * the host called, which for endpoints from Consul is often an IP address the certificate does
 * not list. The check itself is {@code verifier}'s: OkHttp's strict one.
 */
record ServerNameVerifier(String serverName, HostnameVerifier verifier) implements HostnameVerifier {

    @Override
    public boolean verify(String host, SSLSession session) {
        return verifier.verify(serverName, session);
    }
}
