package dev.nala.mode.standalone.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.ConnectionSpec;
import okhttp3.TlsVersion;

/**
 * Makes every socket of one service's TLS context speak only TLS 1.2 and 1.3 ({@link
 * ConnectionSpec#MODERN_TLS}) and send its {@code server-name} in SNI. A socket factory because
 * connection specs are client-wide and OkHttp only narrows the socket's enabled versions; OkHttp has
 * no setting for another SNI name.
 */
final class ModernTlsSocketFactory extends SSLSocketFactory {
    static final List<String> ALLOWED_PROTOCOLS = ConnectionSpec.MODERN_TLS.tlsVersions().stream()
            .map(TlsVersion::javaName)
            .toList();

    private final SSLSocketFactory delegate;
    private final String[] protocols;
    private final Optional<SNIHostName> serverName;

    /**
     * @throws IllegalStateException if the JVM enables neither TLS 1.2 nor TLS 1.3
     */
    ModernTlsSocketFactory(SSLContext context, Optional<String> serverName) {
        this.delegate = context.getSocketFactory();
        List<String> enabled =
                new ArrayList<>(Arrays.asList(context.getDefaultSSLParameters().getProtocols()));
        enabled.retainAll(ALLOWED_PROTOCOLS);
        if (enabled.isEmpty()) {
            throw new IllegalStateException("this JVM enables neither TLS 1.2 nor TLS 1.3 for clients (enabled: "
                    + Arrays.toString(context.getDefaultSSLParameters().getProtocols())
                    + "); check jdk.tls.client.protocols and jdk.tls.disabledAlgorithms");
        }
        this.protocols = enabled.toArray(new String[0]);
        // RFC 6066 allows only host names in SNI, never IP literals.
        this.serverName = serverName.filter(name -> !isIpLiteral(name)).map(SNIHostName::new);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return restrict(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
        return restrict(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return restrict(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return restrict(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return restrict(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return restrict(delegate.createSocket(address, port, localAddress, localPort));
    }

    private Socket restrict(Socket socket) {
        if (socket instanceof SSLSocket) {
            SSLSocket ssl = (SSLSocket) socket;
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setProtocols(protocols.clone());
            serverName.ifPresent(name -> parameters.setServerNames(List.of(name)));
            ssl.setSSLParameters(parameters);
        }
        return socket;
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
