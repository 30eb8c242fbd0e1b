package dev.nala.examples.spring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The inventory service, played on 127.0.0.1: busy (503) on its first request, then "3 in stock".
 * It records each request's host and tracing headers, to show what Nala sent.
 */
final class InventoryStandIn implements AutoCloseable {
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private InventoryStandIn(HttpServer server) {
        this.server = server;
    }

    static InventoryStandIn start() throws IOException {
        // The JDK server's sockets get TCP_NODELAY only when asked, through this property.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        InventoryStandIn standIn = new InventoryStandIn(server);
        server.createContext("/", standIn::answer);
        server.start();
        return standIn;
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                + " Host: " + exchange.getRequestHeaders().getFirst("Host")
                + ", x-request-id: " + exchange.getRequestHeaders().getFirst("x-request-id"));
        boolean first = requests.size() == 1;
        byte[] body = (first ? "busy" : "3 in stock").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(first ? 503 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
