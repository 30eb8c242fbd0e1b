package dev.nala.mode.mesh;

import dev.nala.testing.ClosedConnections;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 upstream written on plain sockets, so tests count exactly what reached the wire:
 * every accepted connection and every complete request head (and body) read from it. Each
 * request gets the next {@link Reply} from a script; when the script runs out, {@code 200 ok}.
 */
final class RawUpstream implements AutoCloseable {

    /** What the upstream does with one request it has read completely. */
    enum Reply {
        /** 200 with a body; the connection stays open for the next request. */
        OK,
        /** 200 with a body and no {@code Connection: close}, then the server closes the connection: a stale pooled connection. */
        OK_THEN_CLOSE,
        /** As {@link #OK_THEN_CLOSE}, but the server resets the connection (TCP RST) instead. */
        OK_THEN_RESET,
        /** As {@link #OK_THEN_CLOSE}, answered 300 ms later, so that concurrent calls each open a connection. */
        OK_LATER_THEN_CLOSE,
        /** The first bytes of a status line, then the server closes the connection: it had begun to answer. */
        PARTIAL_THEN_CLOSE,
        /** 503 with a body. */
        UNAVAILABLE,
        /** 503 with {@code Retry-After: 0}, which OkHttp repeats on its own. */
        UNAVAILABLE_RETRY_AFTER_ZERO,
        /** 503 with a {@code Retry-After} of 2^66 seconds, which OkHttp's own parser cannot hold. */
        UNAVAILABLE_RETRY_AFTER_HUGE,
        /** Reset the connection (TCP RST). */
        RESET,
        /** Close the connection without answering. */
        CLOSE,
        /** Never answer; keep the connection open until the client goes away. */
        SILENT
    }

    /** 2^66: past what OkHttp's follow-up logic parses with {@code Integer.valueOf}. */
    static final String HUGE_RETRY_AFTER = "73786976294838206464";

    private final ServerSocket server;
    private final Deque<Reply> script;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final ClosedConnections closedConnections = new ClosedConnections();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    private RawUpstream(Reply... script) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = new ArrayDeque<>(List.of(script));
        threads.execute(this::acceptLoop);
    }

    static RawUpstream start(Reply... script) throws IOException {
        return new RawUpstream(script);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Waits until the server has closed {@code count} connections ({@link ClosedConnections#await}). */
    void awaitClosedConnections(int count) {
        closedConnections.await(count);
    }

    /** Complete requests read so far. */
    int requests() {
        return requestLines.size();
    }

    /** The request lines read so far, e.g. {@code POST /charge HTTP/1.1}. */
    List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /** Problems the server itself ran into (a malformed request, say); a test expects none. */
    List<Throwable> failures() {
        return List.copyOf(failures);
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
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                String requestLine = readRequest(in);
                if (requestLine == null) {
                    return; // the client closed the connection
                }
                requestLines.add(requestLine);
                Reply reply = nextReply();
                switch (reply) {
                    case OK -> write(out, "200 OK", "", "ok");
                    case OK_THEN_CLOSE -> {
                        write(out, "200 OK", "", "ok");
                        return;
                    }
                    case OK_THEN_RESET -> {
                        write(out, "200 OK", "", "ok");
                        socket.setSoLinger(true, 0);
                        return;
                    }
                    case OK_LATER_THEN_CLOSE -> {
                        pause(300);
                        write(out, "200 OK", "", "ok");
                        return;
                    }
                    case PARTIAL_THEN_CLOSE -> {
                        out.write("HTTP/1.1 2".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return;
                    }
                    case UNAVAILABLE -> write(out, "503 Service Unavailable", "", "unavailable");
                    case UNAVAILABLE_RETRY_AFTER_ZERO ->
                        write(out, "503 Service Unavailable", "Retry-After: 0\r\n", "unavailable");
                    case UNAVAILABLE_RETRY_AFTER_HUGE ->
                        write(
                                out,
                                "503 Service Unavailable",
                                "Retry-After: " + HUGE_RETRY_AFTER + "\r\n",
                                "unavailable");
                    case RESET -> {
                        socket.setSoLinger(true, 0);
                        return;
                    }
                    case CLOSE -> {
                        return;
                    }
                    case SILENT -> {
                        // Read until the client gives up; nothing more will be answered.
                        while (in.read() != -1) {
                            // discard
                        }
                        return;
                    }
                }
            }
        } catch (SocketException e) {
            // The client or close() went away mid-request: nothing to record.
        } catch (IOException | RuntimeException e) {
            failures.add(e);
        } finally {
            open.remove(socket);
            closedConnections.closed(); // the try closed it already
        }
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private synchronized Reply nextReply() {
        Reply next = script.poll();
        return next == null ? Reply.OK : next;
    }

    /** Reads one request head and its Content-Length body; null at end of stream before a request. */
    private static String readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null) {
            return null;
        }
        long contentLength = 0;
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Long.parseLong(
                        line.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:")) {
                throw new IOException("RawUpstream reads Content-Length bodies only, got " + line);
            }
        }
        for (long i = 0; i < contentLength; i++) {
            if (in.read() == -1) {
                throw new IOException("Request body ended early");
            }
        }
        return requestLine;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    private static void write(OutputStream out, String status, String extraHeaders, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        String head = "HTTP/1.1 " + status + "\r\n" + extraHeaders + "Content-Type: text/plain\r\nContent-Length: "
                + bytes.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
