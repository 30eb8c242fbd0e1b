package example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The inventory service, on 127.0.0.1: busy (503) on its first request, then "3 in stock". */
final class InventoryStandIn {
    /** What the stand-in received: path, Host and x-request-id of each request. */
    record Received(String path, String host, String requestId) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private InventoryStandIn(HttpServer server) {
        this.server = server;
    }

    static InventoryStandIn started() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            InventoryStandIn standIn = new InventoryStandIn(server);
            server.createContext("/", standIn::answer);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        received.add(new Received(
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Host"),
                exchange.getRequestHeaders().getFirst("x-request-id")));
        boolean first = received.size() == 1;
        byte[] body = (first ? "busy" : "3 in stock").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(first ? 503 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
