package dev.nala.e2e.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server for long runs: it fails a given fraction of requests, at random, in
 * turn with {@code 503}, {@code 500} or by closing the connection without an answer, and
 * answers the rest with 200. It only counts; it records nothing per request, so tens of
 * thousands of requests cost no memory.
 */
public final class FlakyUpstream implements AutoCloseable {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService handlers;
    private final double failureRate;
    private final boolean dropsConnections;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();

    private FlakyUpstream(double failureRate, boolean dropsConnections) throws IOException {
        this.failureRate = failureRate;
        this.dropsConnections = dropsConnections;
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(8, 8, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "flaky-upstream-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        // All threads up front, so that a test's thread-count baseline already includes them.
        pool.prestartAllCoreThreads();
        this.handlers = pool;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server failing {@code failureRate} (0..1) of its requests. */
    public static FlakyUpstream start(double failureRate) throws IOException {
        return new FlakyUpstream(failureRate, true);
    }

    /**
     * A server failing {@code failureRate} (0..1) of its requests with {@code 503} or {@code 500}
     * only: every failure is then a retry decision, none a dropped pooled connection that Nala
     * resends outside the retry budget.
     */
    public static FlakyUpstream startWithStatusFailuresOnly(double failureRate) throws IOException {
        return new FlakyUpstream(failureRate, false);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            if (ThreadLocalRandom.current().nextDouble() >= failureRate) {
                exchange.sendResponseHeaders(200, OK.length);
                exchange.getResponseBody().write(OK);
                return;
            }
            switch (failures.incrementAndGet() % (dropsConnections ? 3 : 2)) {
                case 0 -> exchange.sendResponseHeaders(503, -1);
                case 1 -> exchange.sendResponseHeaders(500, -1);
                default -> {
                    // Closing the exchange before any response byte drops the connection.
                }
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests received. */
    public int requestCount() {
        return requests.get();
    }

    /** Requests that were failed on purpose. */
    public int failureCount() {
        return failures.get();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
