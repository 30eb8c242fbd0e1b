package dev.nala.mode.standalone.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** Test servers' sockets that enable one TLS version only. */
final class OnlyProtocolSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final String protocol;

    OnlyProtocolSocketFactory(SSLSocketFactory delegate, String protocol) {
        this.delegate = delegate;
        this.protocol = protocol;
    }

    private Socket only(Socket socket) {
        ((SSLSocket) socket).setEnabledProtocols(new String[] {protocol});
        return socket;
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
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return only(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return only(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return only(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return only(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return only(delegate.createSocket(address, port, localAddress, localPort));
    }
}
