package dev.nala.e2e.realservers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive TCP connection to a loopback server, spoken to in plain HTTP/1.1 without any
 * client library, to check what a server does on the wire.
 */
final class RawConnection implements AutoCloseable {
    private final Socket socket = new Socket();
    private final InputStream in;
    private long lastRequestSent;

    RawConnection(int port) throws IOException {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
    }

    /** A response's status line and headers (names in lower case). */
    record Answer(String statusLine, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends a GET for {@code path} and reads the answer, its body included (by Content-Length). */
    Answer get(String path) throws IOException {
        lastRequestSent = System.nanoTime();
        socket.getOutputStream()
                .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String statusLine = readLine();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        if (in.readNBytes(length).length != length) {
            throw new IOException("the body ended early");
        }
        return new Answer(statusLine, headers);
    }

    /**
     * Waits, at most {@code limit}, for the server to close the connection; returns when it did,
     * counted from when the last request was sent (so never less than the time the connection was
     * idle at the server, whatever pauses this JVM took), or null if it was still open.
     */
    Duration awaitClosedByServer(Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        try {
            int read = in.read();
            if (read != -1) {
                throw new IOException("the server sent an unexpected byte " + read);
            }
            return Duration.ofNanos(System.nanoTime() - lastRequestSent);
        } catch (SocketTimeoutException stillOpen) {
            return null;
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("the connection was closed before a whole line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
