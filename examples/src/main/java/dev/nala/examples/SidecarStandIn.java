package dev.nala.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few lines standing in for a mesh sidecar (Envoy in Istio) on 127.0.0.1: it takes the
 * application's requests, sends each to the next instance in turn, and retries a {@code 503}
 * or a failed connection twice on the next instance, which is what Istio does with no
 * VirtualService at all. Like Envoy it adds an {@code x-request-id} when the request has none,
 * and passes every other header on unchanged, {@code traceparent} included.
 *
 * <p>It is not a proxy to copy: no streaming, no timeouts per try, no outlier detection. It
 * exists so the demo can show mesh mode end to end on a laptop.
 */
final class SidecarStandIn implements AutoCloseable {
    /** Retries after the first try, as Istio's default retry policy ({@code attempts: 2}). */
    static final int RETRIES = 2;

    private static final Set<String> NOT_FORWARDED = Set.of(
            "host",
            "connection",
            "content-length",
            "expect",
            "upgrade",
            "keep-alive",
            "transfer-encoding",
            "te",
            "trailer",
            "proxy-connection");

    private final List<Upstream> instances;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();

    private SidecarStandIn(List<Upstream> instances) throws IOException {
        this.instances = List.copyOf(instances);
        this.executor = Executors.newFixedThreadPool(4, DaemonThreads.named("sidecar"));
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(executor)
                .build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a sidecar in front of these instances. */
    static SidecarStandIn start(List<Upstream> instances) throws IOException {
        return new SidecarStandIn(instances);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            received.incrementAndGet();
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            HttpResponse<byte[]> answer = null;
            for (int tryNumber = 0; tryNumber <= RETRIES; tryNumber++) {
                if (tryNumber > 0) {
                    retries.incrementAndGet();
                }
                Upstream instance = instances.get(Math.floorMod(next.getAndIncrement(), instances.size()));
                try {
                    answer = client.send(
                            forward(exchange, requestBody, instance), HttpResponse.BodyHandlers.ofByteArray());
                    if (answer.statusCode() != 503) {
                        break;
                    }
                } catch (IOException e) {
                    answer = null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            reply(exchange, answer);
        }
    }

    private static HttpRequest forward(HttpExchange exchange, byte[] body, Upstream instance) {
        URI target = URI.create(
                "http://" + instance.address() + exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null
                                ? ""
                                : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(5))
                .method(
                        exchange.getRequestMethod(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header :
                exchange.getRequestHeaders().entrySet()) {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        if (!exchange.getRequestHeaders().containsKey("x-request-id")) {
            request.header("x-request-id", UUID.randomUUID().toString());
        }
        return request.build();
    }

    private static void reply(HttpExchange exchange, HttpResponse<byte[]> answer) throws IOException {
        if (answer == null) {
            byte[] body = "upstream connect error or disconnect/reset before headers".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            return;
        }
        answer.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] body = answer.body();
        exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:<port>}. */
    String address() {
        return "127.0.0.1:" + port();
    }

    /** Requests the application sent to this sidecar. */
    int received() {
        return received.get();
    }

    /** Tries the sidecar made after a first one failed. */
    int retries() {
        return retries.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
