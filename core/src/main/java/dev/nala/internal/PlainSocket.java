package dev.nala.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * A blocking plain TCP socket for the factory's client, built on a non-blocking {@link
 * SocketChannel} (try, then wait on a selector of its own), so that it can count the bytes it
 * read and tell without waiting whether the peer closed an idle connection ({@link #peerClosed()}).
 * A {@code Socket} can only be read with a timeout of at least 1 ms, and a channel's own socket
 * costs four extra system calls per timed read. It throws what a plain socket would.
 */
final class PlainSocket extends Socket {
    private final SocketChannel channel;
    /** Its streams are never used. */
    private final Socket socket;

    private final InputStream input = new Input();
    private final OutputStream output = new Output();
    private volatile int readTimeoutMillis;
    private volatile boolean closed;
    private Selector readable; // created on the first read that has to wait, guarded by this
    private Selector writable; // likewise for writes
    private long bytesRead;

    private PlainSocket(SocketChannel channel) throws IOException {
        super((SocketImpl) null);
        this.channel = channel;
        this.socket = channel.socket();
    }

    static PlainSocket open() throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            return new PlainSocket(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** -1 when {@code socket} is not one of these. */
    static long bytesRead(Socket socket) {
        return socket instanceof PlainSocket plain ? plain.bytesRead : -1;
    }

    /**
     * Its FIN or reset arrived, or it sent unasked bytes (out of step, unusable too): one
     * non-blocking read, only for a connection no exchange is using. OkHttp's own check waits 1 ms,
     * so it runs only after 10 s idle.
     */
    boolean peerClosed() {
        try {
            return channel.read(ByteBuffer.allocate(1)) != 0;
        } catch (IOException | RuntimeException unusable) {
            return true;
        }
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        socket.connect(endpoint, timeout); // the channel is still blocking: the JDK times the connect
        channel.configureBlocking(false);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        if (!socket.isConnected()) {
            throw new SocketException("Socket is not connected");
        }
        return input;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        if (!socket.isConnected()) {
            throw new SocketException("Socket is not connected");
        }
        return output;
    }

    @Override
    public SocketChannel getChannel() {
        return channel;
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0: " + timeout);
        }
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        readTimeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        return readTimeoutMillis;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        Selector[] selectors;
        synchronized (this) {
            selectors = new Selector[] {readable, writable};
        }
        for (Selector selector : selectors) {
            if (selector != null) {
                selector.wakeup();
            }
        }
        try {
            channel.close();
        } finally {
            for (Selector selector : selectors) {
                if (selector != null) {
                    selector.close();
                }
            }
        }
    }

    private int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        ByteBuffer target = ByteBuffer.wrap(buffer, offset, length);
        int timeout = readTimeoutMillis;
        long deadline = timeout > 0 ? System.nanoTime() + timeout * 1_000_000L : 0;
        while (true) {
            int n;
            try {
                n = channel.read(target);
            } catch (IOException e) {
                throw asSocketException(e);
            }
            if (n > 0) {
                bytesRead += n;
                return n;
            }
            if (n < 0) {
                return -1;
            }
            long waitMillis = 0;
            if (deadline != 0) {
                long leftNanos = deadline - System.nanoTime();
                if (leftNanos <= 0) {
                    throw new SocketTimeoutException("Read timed out");
                }
                waitMillis = Math.max(1, leftNanos / 1_000_000);
            }
            await(readSelector(), waitMillis);
        }
    }

    private void write(byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer source = ByteBuffer.wrap(buffer, offset, length);
        while (source.hasRemaining()) {
            int n;
            try {
                n = channel.write(source);
            } catch (IOException e) {
                throw asSocketException(e);
            }
            if (n == 0) {
                await(writeSelector(), 0); // a stalled write is ended by okio's write timeout closing the socket
            }
        }
    }

    private synchronized Selector readSelector() throws IOException {
        if (readable == null) {
            readable = registered(SelectionKey.OP_READ);
        }
        return readable;
    }

    private synchronized Selector writeSelector() throws IOException {
        if (writable == null) {
            writable = registered(SelectionKey.OP_WRITE);
        }
        return writable;
    }

    private Selector registered(int operation) throws IOException {
        if (closed) {
            throw new SocketException("Socket closed");
        }
        Selector selector = Selector.open();
        try {
            channel.register(selector, operation);
            return selector;
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e instanceof IOException io ? asSocketException(io) : new SocketException("Socket closed");
        }
    }

    /** @param millis 0 for no limit */
    private void await(Selector selector, long millis) throws IOException {
        try {
            selector.select(key -> {}, millis);
        } catch (ClosedSelectorException e) {
            throw new SocketException("Socket closed");
        }
        if (closed) {
            throw new SocketException("Socket closed");
        }
    }

    /** A channel reports a reset or a broken pipe as a bare {@code IOException}, a close as a {@code ClosedChannelException}. */
    private static IOException asSocketException(IOException e) {
        if (e instanceof SocketException || e instanceof SocketTimeoutException) {
            return e;
        }
        SocketException translated =
                new SocketException(e instanceof ClosedChannelException ? "Socket closed" : e.getMessage());
        translated.initCause(e);
        return translated;
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return PlainSocket.this.read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
            return PlainSocket.this.read(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            PlainSocket.this.close();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            PlainSocket.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
            PlainSocket.this.write(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            PlainSocket.this.close();
        }
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        socket.bind(bindpoint);
    }

    @Override
    public InetAddress getInetAddress() {
        return socket.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getPort() {
        return socket.getPort();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        socket.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return socket.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        socket.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return socket.getSoLinger();
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        socket.sendUrgentData(data);
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        socket.setOOBInline(on);
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        return socket.getOOBInline();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        socket.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return socket.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        socket.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return socket.getReceiveBufferSize();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        socket.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return socket.getKeepAlive();
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        socket.setTrafficClass(tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return socket.getTrafficClass();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        socket.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return socket.getReuseAddress();
    }

    @Override
    public void shutdownInput() throws IOException {
        socket.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected();
    }

    @Override
    public boolean isBound() {
        return socket.isBound();
    }

    @Override
    public boolean isClosed() {
        return closed || socket.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        return socket.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return socket.isOutputShutdown();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        socket.setPerformancePreferences(connectionTime, latency, bandwidth);
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        socket.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return socket.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return socket.supportedOptions();
    }

    @Override
    public String toString() {
        return socket.toString();
    }
}
