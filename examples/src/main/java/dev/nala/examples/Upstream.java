package dev.nala.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One local instance of the demo's payment-service, on 127.0.0.1 and a free port. It answers
 * according to its {@link Behaviour}, counts the requests it receives and remembers the last
 * {@code x-request-id} and {@code traceparent} it saw, so the report can show what reached it.
 */
final class Upstream implements AutoCloseable {
    static {
        // The JDK server writes a response's head and body separately; without TCP_NODELAY each
        // call on a kept-alive connection would wait for the client's delayed ACK (~40 ms on Linux).
        // Read once, when the first JDK HttpServer of the process starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** How an instance answers. */
    enum Behaviour {
        /** 200 to every request. */
        HEALTHY,
        /** 503 to three requests in four (the first three, then every fourth one succeeds). */
        FLAKY,
        /** 503 to every request: an instance in an outage. */
        DOWN;

        boolean fails(int requestNumber) {
            return switch (this) {
                case HEALTHY -> false;
                case FLAKY -> requestNumber % 4 != 0;
                case DOWN -> true;
            };
        }
    }

    private final String name;
    private final Behaviour behaviour;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> lastRequestId = new AtomicReference<>("");
    private final AtomicReference<String> lastTraceparent = new AtomicReference<>("");

    private Upstream(String name, Behaviour behaviour) throws IOException {
        this.name = name;
        this.behaviour = behaviour;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.executor = Executors.newFixedThreadPool(4, DaemonThreads.named("upstream-" + name));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts an instance; {@code name} only labels it in the report. */
    static Upstream start(String name, Behaviour behaviour) throws IOException {
        return new Upstream(name, behaviour);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            int number = requests.incrementAndGet();
            remember(lastRequestId, exchange.getRequestHeaders().getFirst("x-request-id"));
            remember(lastTraceparent, exchange.getRequestHeaders().getFirst("traceparent"));
            boolean fail = behaviour.fails(number);
            byte[] body = (fail ? name + " is failing" : "paid (" + name + ")").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static void remember(AtomicReference<String> slot, String value) {
        if (value != null) {
            slot.set(value);
        }
    }

    String name() {
        return name;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:<port>}, as a static endpoint or a Consul service address is written. */
    String address() {
        return "127.0.0.1:" + port();
    }

    /** Requests received so far. */
    int requests() {
        return requests.get();
    }

    /** The {@code x-request-id} of the last request that had one, or an empty string. */
    String lastRequestId() {
        return lastRequestId.get();
    }

    /** The {@code traceparent} of the last request that had one, or an empty string. */
    String lastTraceparent() {
        return lastTraceparent.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
