package dev.nala.e2e.support;

import dev.nala.testing.NoDelayServerSockets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A sidecar stand-in on loopback that retries like Envoy with {@code retryOn: 5xx}: up to {@code
 * attempts} tries, each cut at a per-try timeout, with Envoy's jittered 25 ms back-off. Like
 * Envoy it ends its retries at {@code x-envoy-upstream-rq-timeout-ms} when the request carries it
 * and answers 504. Unlike Envoy it does not notice a caller that hung up, so without the header
 * it retries to the end. GET only, no request body; one request per connection.
 */
public final class RetryingSidecar implements AutoCloseable {
    public static final String DEADLINE_HEADER = "x-envoy-upstream-rq-timeout-ms";

    private static final int MAX_HEADER_LINES = 100;
    private static final long BACKOFF_BASE_MILLIS = 25;

    private final ServerSocket server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final OkHttpClient client;
    private final int upstreamPort;
    private final int attempts;
    private final Duration perTryTimeout;
    private final AtomicInteger finished = new AtomicInteger();
    private final List<String> deadlines = new CopyOnWriteArrayList<>();

    private RetryingSidecar(int upstreamPort, int attempts, Duration perTryTimeout) throws IOException {
        this.upstreamPort = upstreamPort;
        this.attempts = attempts;
        this.perTryTimeout = perTryTimeout;
        this.client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        this.server = NoDelayServerSockets.INSTANCE.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        handlers.execute(this::acceptUntilClosed);
    }

    /** Starts a sidecar in front of the upstream on 127.0.0.1:{@code upstreamPort}. */
    public static RetryingSidecar start(int upstreamPort, int attempts, Duration perTryTimeout) throws IOException {
        return new RetryingSidecar(upstreamPort, attempts, perTryTimeout);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Requests whose retries have ended, answered or not. */
    public int finished() {
        return finished.get();
    }

    /** The {@code x-envoy-upstream-rq-timeout-ms} of each request received, {@code null} where none. */
    public List<String> deadlines() {
        return Collections.unmodifiableList(new ArrayList<>(deadlines));
    }

    private void acceptUntilClosed() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                handlers.execute(() -> handle(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            if (requestLine == null) {
                return;
            }
            String deadline = null;
            for (int i = 0; i < MAX_HEADER_LINES; i++) {
                String line = in.readLine();
                if (line == null || line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0
                        && line.substring(0, colon)
                                .trim()
                                .toLowerCase(Locale.ROOT)
                                .equals(DEADLINE_HEADER)) {
                    deadline = line.substring(colon + 1).trim();
                }
            }
            deadlines.add(deadline);
            int status = forwardWithRetries(requestLine.split(" ")[1], deadline);
            reply(socket.getOutputStream(), status);
        } catch (IOException e) {
            // The caller hung up; nothing to answer.
        } finally {
            finished.incrementAndGet();
        }
    }

    private int forwardWithRetries(String path, String deadlineHeader) {
        long start = System.nanoTime();
        long deadline = deadlineHeader == null
                ? Long.MAX_VALUE
                : start + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(deadlineHeader));
        int status = 503;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1 && !pause(attempt - 1, deadline)) {
                return 504;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return 504;
            }
            Call call = client.newCall(new Request.Builder()
                    .url("http://127.0.0.1:" + upstreamPort + path)
                    .build());
            call.timeout().timeout(Math.min(perTryTimeout.toNanos(), left), TimeUnit.NANOSECONDS);
            try (Response response = call.execute()) {
                status = response.code();
                if (status < 500) {
                    return status;
                }
            } catch (IOException e) {
                status = 504;
            }
        }
        return deadline - System.nanoTime() <= 0 ? 504 : status;
    }

    /** Fully jittered exponential back-off; false when the deadline comes first. */
    private static boolean pause(int retry, long deadline) {
        long bound = BACKOFF_BASE_MILLIS * ((1L << Math.min(retry, 4)) - 1);
        long millis = ThreadLocalRandom.current().nextLong(bound);
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis) - deadline >= 0) {
            return false;
        }
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void reply(OutputStream out, int status) throws IOException {
        out.write(("HTTP/1.1 " + status + " Sidecar\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        handlers.shutdownNow();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
