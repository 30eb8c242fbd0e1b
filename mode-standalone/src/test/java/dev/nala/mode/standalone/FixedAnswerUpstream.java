package dev.nala.mode.standalone;

import dev.nala.testing.ClosedConnections;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A keep-alive HTTP/1.1 upstream that gives every request the same answer, written in one
 * piece. MockWebServer writes the head and the body separately, which on loopback costs each
 * exchange a delayed-ACK pause (about 40 ms); tests that make thousands of requests use this
 * instead. Counts connections and requests. {@link #closingEveryConnection} makes one that closes
 * each connection right after its answer, without saying so ({@code Connection: close}): every
 * pooled connection is then stale by the next request.
 */
final class FixedAnswerUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final byte[] answer;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final ClosedConnections closedConnections = new ClosedConnections();
    private final AtomicInteger requests = new AtomicInteger();
    private final boolean closeAfterAnswer;

    FixedAnswerUpstream(int code, String reason) throws IOException {
        this(code, reason, false);
    }

    static FixedAnswerUpstream closingEveryConnection(int code, String reason) throws IOException {
        return new FixedAnswerUpstream(code, reason, true);
    }

    private FixedAnswerUpstream(int code, String reason, boolean closeAfterAnswer) throws IOException {
        this.closeAfterAnswer = closeAfterAnswer;
        String body = "status " + code;
        this.answer = ("HTTP/1.1 " + code + " " + reason + "\r\nContent-Type: text/plain\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** Waits until the server has closed {@code count} connections ({@link ClosedConnections#await}). */
    void awaitClosedConnections(int count) {
        closedConnections.await(count);
    }

    int requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                connections.incrementAndGet();
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (readRequest(in)) {
                requests.incrementAndGet();
                out.write(answer);
                out.flush();
                if (closeAfterAnswer) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(socket);
            closedConnections.closed(); // the try closed it already
        }
    }

    /** Reads one request head and its Content-Length body; false at end of stream. */
    private static boolean readRequest(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        long contentLength = 0;
        boolean sawRequestLine = false;
        int c;
        while ((c = in.read()) != -1) {
            if (c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
                continue;
            }
            if (line.length() == 0) {
                if (!sawRequestLine) {
                    continue;
                }
                in.skipNBytes(contentLength);
                return true;
            }
            sawRequestLine = true;
            String lower = line.toString().toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Long.parseLong(
                        lower.substring("content-length:".length()).trim());
            }
            line.setLength(0);
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
