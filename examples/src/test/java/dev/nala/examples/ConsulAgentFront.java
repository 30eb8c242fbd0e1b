package dev.nala.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nala.discovery.testing.ConsulStandIn;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Consul agent for the demo's test: the agent API the demo uses to register and deregister
 * its instances ({@code PUT /v1/agent/service/register}, {@code /deregister/<id>}) is turned into
 * calls on the shared {@link ConsulStandIn}, and every other request (Nala's health queries,
 * blocking ones included) is passed to that stand-in as it is.
 */
final class ConsulAgentFront implements AutoCloseable {
    private static final Set<String> NOT_FORWARDED =
            Set.of("host", "connection", "content-length", "expect", "upgrade");

    private final ConsulStandIn consul;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("consul-front"));
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, String> serviceById = new ConcurrentHashMap<>();
    private final List<String> agentCalls = new CopyOnWriteArrayList<>();

    ConsulAgentFront(ConsulStandIn consul) throws IOException {
        this.consul = consul;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** What to put in {@code CONSUL_HTTP_ADDR}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The agent API calls received, as {@code "register <name> <id> <address>:<port>"} or {@code "deregister <id>"}. */
    List<String> agentCalls() {
        return List.copyOf(agentCalls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("/v1/agent/service/register")
                    && exchange.getRequestMethod().equals("PUT")) {
                String json = new String(body, StandardCharsets.UTF_8);
                String id = field(json, "ID");
                String name = field(json, "Name");
                String address = field(json, "Address");
                int port = Integer.parseInt(field(json, "Port"));
                consul.register(name, id, address, port);
                serviceById.put(id, name);
                agentCalls.add("register " + name + " " + id + " " + address + ":" + port);
                exchange.sendResponseHeaders(200, -1);
            } else if (path.startsWith("/v1/agent/service/deregister/")
                    && exchange.getRequestMethod().equals("PUT")) {
                String id = path.substring("/v1/agent/service/deregister/".length());
                consul.deregister(serviceById.remove(id), id);
                agentCalls.add("deregister " + id);
                exchange.sendResponseHeaders(200, -1);
            } else {
                forward(exchange, body);
            }
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(consul.address() + exchange.getRequestURI()))
                .timeout(Duration.ofMinutes(2))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        answer.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))
                    && !name.equalsIgnoreCase("transfer-encoding")
                    && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
        exchange.getResponseBody().write(answer.body());
    }

    private static String field(String json, String name) {
        Matcher matcher =
                Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)\"?").matcher(json);
        if (!matcher.find()) {
            throw new IllegalArgumentException("No " + name + " in the registration " + json);
        }
        return matcher.group(1);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
