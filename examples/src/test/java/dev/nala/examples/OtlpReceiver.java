package dev.nala.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An OTLP/HTTP endpoint for tests: accepts every export with 200 and records what arrived. */
final class OtlpReceiver implements AutoCloseable {
    /** One export request: where it was posted, its content type and its size. */
    record Export(String method, String path, String contentType, int bytes) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, DaemonThreads.named("otlp-receiver"));
    private final List<Export> exports = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                exports.add(new Export(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        body.length));
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    /** The base URL to put in {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Export> exports() {
        return List.copyOf(exports);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
