package dev.nala.discovery.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A stand-in for a Consul agent's health API, for tests: a small stateful HTTP server on
 * 127.0.0.1 that serves {@code GET /v1/health/service/<name>} in Consul's documented shape, with
 * {@code X-Consul-Index}, and really holds blocking queries.
 *
 * <p>What it does, like Consul:
 *
 * <ul>
 *   <li>Each service has an index; every change (register, deregister, health change) moves it
 *       to a new, higher value taken from one counter shared by all services.
 *   <li>A query with {@code index=N} is held while the service's index is still {@code <= N},
 *       for up to {@code wait} (a Go duration: {@code 1s}, {@code 1500ms}; default 5m), then
 *       answered with the current state and index. Without {@code index} it answers at once.
 *   <li>{@code passing} keeps only instances whose checks pass; {@code tag} keeps instances with
 *       that tag; {@code dc}, {@code stale} and {@code consistent} are recorded.
 *   <li>{@link #requireToken} checks {@code X-Consul-Token} and answers 403 "ACL not found".
 * </ul>
 *
 * <p>And what tests need: {@link #goDown()} / {@link #comeBack()} (connections refused in
 * between, on the same port), {@link #answerErrors}, {@link #setIndex} to move an index backwards
 * or to 0, {@link #churn} to make every query see a new index, and a record of every request
 * received ({@link #requests()}), including its query parameters, headers and arrival time.
 *
 * <p>Use: {@code try (ConsulStandIn consul = ConsulStandIn.start()) { consul.register("payments",
 * "payments-1", "127.0.0.1", 8080); ... nala.consul.address = consul.address() ... }}. Other modules
 * get it from {@code nala-discovery}'s test-jar ({@code <type>test-jar</type><scope>test</scope>}).
 */
public final class ConsulStandIn implements AutoCloseable {
    private static final String HEALTH_PATH = "/v1/health/service/";
    private static final long DEFAULT_WAIT_MILLIS = TimeUnit.MINUTES.toMillis(5);
    private static final long MAX_WAIT_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Object lock = new Object();
    private final Map<String, ServiceState> services = new LinkedHashMap<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final ExecutorService handlers;
    private final int port;
    private long lastIndex = 10;
    private int errorStatus;
    private String errorBody = "";
    private String requiredToken;
    private boolean down;
    private HttpServer server;

    /**
     * One registered instance of a service.
     *
     * @param id the service instance ID ({@code Service.ID})
     * @param node the node name ({@code Node.Node})
     * @param nodeAddress {@code Node.Address}
     * @param serviceAddress {@code Service.Address}; empty means "use the node's address"
     * @param port {@code Service.Port}
     * @param tags {@code Service.Tags}
     * @param passing whether its health check passes
     * @param meta {@code Service.Meta}
     * @param maintenance whether it is in maintenance mode ({@code consul maint -enable -service=<id>}):
     *     a critical {@code _service_maintenance:<id>} check, so {@code passing} queries leave it out
     */
    public record Instance(
            String id,
            String node,
            String nodeAddress,
            String serviceAddress,
            int port,
            List<String> tags,
            boolean passing,
            Map<String, String> meta,
            boolean maintenance) {

        public Instance {
            tags = List.copyOf(tags);
            meta = Map.copyOf(meta);
        }

        /** A passing instance with its own service address, on node {@code node-<id>} at 127.0.0.1. */
        public static Instance of(String id, String serviceAddress, int port) {
            return new Instance(id, "node-" + id, "127.0.0.1", serviceAddress, port, List.of(), true, Map.of(), false);
        }

        public Instance withNodeAddress(String address) {
            return new Instance(id, node, address, serviceAddress, port, tags, passing, meta, maintenance);
        }

        public Instance withTags(String... newTags) {
            return new Instance(
                    id, node, nodeAddress, serviceAddress, port, List.of(newTags), passing, meta, maintenance);
        }

        public Instance withPassing(boolean isPassing) {
            return new Instance(id, node, nodeAddress, serviceAddress, port, tags, isPassing, meta, maintenance);
        }

        public Instance withMeta(Map<String, String> newMeta) {
            return new Instance(id, node, nodeAddress, serviceAddress, port, tags, passing, newMeta, maintenance);
        }

        public Instance withMaintenance(boolean on) {
            return new Instance(id, node, nodeAddress, serviceAddress, port, tags, passing, meta, on);
        }

        boolean healthy() {
            return passing && !maintenance;
        }
    }

    /**
     * A request as the stand-in received it.
     *
     * @param path the decoded path, e.g. {@code /v1/health/service/payments}
     * @param rawQuery the query string as sent, or an empty string
     * @param query decoded query parameters; a flag without value ({@code ?stale}) maps to ""
     * @param headers request headers, names in lower case
     * @param receivedAtNanos {@link System#nanoTime()} when it arrived
     */
    public record RecordedRequest(
            String path,
            String rawQuery,
            Map<String, String> query,
            Map<String, String> headers,
            long receivedAtNanos) {

        /** The service name of a health query, or an empty string for other paths. */
        public String service() {
            return path.startsWith(HEALTH_PATH) ? path.substring(HEALTH_PATH.length()) : "";
        }

        public Optional<String> queryParameter(String name) {
            return Optional.ofNullable(query.get(name));
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private static final class ServiceState {
        final Map<String, Instance> instances = new LinkedHashMap<>();
        long index;
        long forcedChanges;
        boolean churn;

        ServiceState(long index) {
            this.index = index;
        }
    }

    private ConsulStandIn() throws IOException {
        AtomicInteger threads = new AtomicInteger();
        this.handlers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "consul-stand-in-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    /** Starts a stand-in on 127.0.0.1 and an ephemeral port. */
    public static ConsulStandIn start() {
        try {
            return new ConsulStandIn();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Consul stand-in on 127.0.0.1", e);
        }
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        created.setExecutor(handlers);
        created.createContext("/", this::handle);
        created.start();
        return created;
    }

    /** The base URL to put in {@code nala.consul.address}, e.g. {@code http://127.0.0.1:40123}. */
    public String address() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    // ----- the catalog -----

    /** Registers (or replaces) a passing instance with its own service address. */
    public void register(String service, String id, String serviceAddress, int port) {
        register(service, Instance.of(id, serviceAddress, port));
    }

    /** Registers the instance, replacing one with the same ID. */
    public void register(String service, Instance instance) {
        synchronized (lock) {
            state(service).instances.put(instance.id(), instance);
            changed(service);
        }
    }

    public void deregister(String service, String id) {
        synchronized (lock) {
            if (state(service).instances.remove(id) == null) {
                throw new IllegalArgumentException("No instance " + id + " of " + service + " is registered");
            }
            changed(service);
        }
    }

    /** Makes an instance's health check pass or fail. */
    public void setPassing(String service, String id, boolean passing) {
        synchronized (lock) {
            Instance instance = state(service).instances.get(id);
            if (instance == null) {
                throw new IllegalArgumentException("No instance " + id + " of " + service + " is registered");
            }
            state(service).instances.put(id, instance.withPassing(passing));
            changed(service);
        }
    }

    /** Replaces a registered instance's tags, as re-registering it with new tags does. */
    public void retag(String service, String id, String... tags) {
        update(service, id, instance -> instance.withTags(tags));
    }

    /** Puts an instance in maintenance mode or takes it out, as {@code consul maint} does. */
    public void setMaintenance(String service, String id, boolean on) {
        update(service, id, instance -> instance.withMaintenance(on));
    }

    private void update(String service, String id, UnaryOperator<Instance> change) {
        synchronized (lock) {
            Instance instance = state(service).instances.get(id);
            if (instance == null) {
                throw new IllegalArgumentException("No instance " + id + " of " + service + " is registered");
            }
            state(service).instances.put(id, change.apply(instance));
            changed(service);
        }
    }

    /**
     * Sets a service's index to any value, lower or 0 included, as after a snapshot restore;
     * held queries for the service are answered at once.
     */
    public void setIndex(String service, long index) {
        synchronized (lock) {
            ServiceState state = state(service);
            state.index = index;
            state.forcedChanges++;
            lastIndex = Math.max(lastIndex, index);
            lock.notifyAll();
        }
    }

    /** While on, every query for the service first moves its index, so no query is held. */
    public void churn(String service, boolean on) {
        synchronized (lock) {
            state(service).churn = on;
            if (on) {
                changed(service);
            }
        }
    }

    public long index(String service) {
        synchronized (lock) {
            return state(service).index;
        }
    }

    // ----- faults -----

    /** Every query, held ones included, is answered with this status and body until {@link #answerNormally()}. */
    public void answerErrors(int status, String body) {
        synchronized (lock) {
            errorStatus = status;
            errorBody = body;
            lock.notifyAll();
        }
    }

    public void answerNormally() {
        synchronized (lock) {
            errorStatus = 0;
        }
    }

    /** Queries without this exact {@code X-Consul-Token} get 403 "ACL not found"; null turns the check off. */
    public void requireToken(String token) {
        synchronized (lock) {
            requiredToken = token;
        }
    }

    /** Stops listening and drops every open connection, held queries included: connections are refused. */
    public void goDown() {
        HttpServer stopping;
        synchronized (lock) {
            if (down) {
                return;
            }
            down = true;
            stopping = server;
            server = null;
            lock.notifyAll();
        }
        stopping.stop(0);
    }

    /** Listens again on the same port, with the same catalog and indexes. */
    public void comeBack() {
        synchronized (lock) {
            if (!down) {
                return;
            }
            try {
                server = listen(port);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port + " again", e);
            }
            down = false;
        }
    }

    // ----- what was received -----

    public List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    public List<RecordedRequest> requests(String service) {
        synchronized (lock) {
            return requests.stream().filter(r -> r.service().equals(service)).toList();
        }
    }

    public int requestCount() {
        synchronized (lock) {
            return requests.size();
        }
    }

    public int requestCount(String service) {
        return requests(service).size();
    }

    @Override
    public void close() {
        goDown();
        handlers.shutdownNow();
    }

    // ----- serving -----

    private ServiceState state(String service) {
        return services.computeIfAbsent(service, name -> new ServiceState(lastIndex));
    }

    private void changed(String service) {
        state(service).index = ++lastIndex;
        lock.notifyAll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            RecordedRequest request = record(exchange);
            if (!"GET".equals(exchange.getRequestMethod()) || request.service().isEmpty()) {
                respond(exchange, 404, "text/plain", "no such endpoint in the Consul stand-in", null);
                return;
            }
            Answer answer = answer(request);
            if (answer != null) {
                respond(exchange, answer.status, answer.contentType, answer.body, answer.index);
            }
        } catch (IOException e) {
            // The client went away or the stand-in went down: nothing to answer.
        }
    }

    private record Answer(int status, String contentType, String body, Long index) {}

    /** @return the answer, or null when the stand-in went down while holding the query */
    private Answer answer(RecordedRequest request) throws IOException {
        synchronized (lock) {
            if (errorStatus != 0) {
                return new Answer(errorStatus, "text/plain", errorBody, null);
            }
            if (requiredToken != null
                    && !request.header("X-Consul-Token").orElse("").equals(requiredToken)) {
                return new Answer(403, "text/plain", "ACL not found", null);
            }
            ServiceState state = state(request.service());
            if (state.churn) {
                changed(request.service());
            }
            long requested = parseIndex(request.queryParameter("index").orElse(null));
            if (requested > 0) {
                long waitMillis;
                try {
                    waitMillis = parseWait(request.queryParameter("wait").orElse(null));
                } catch (IllegalArgumentException e) {
                    return new Answer(400, "text/plain", "Invalid wait: " + e.getMessage(), null);
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
                long forcedAtStart = state.forcedChanges;
                while (state.index <= requested && state.forcedChanges == forcedAtStart && !down && errorStatus == 0) {
                    long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (remaining <= 0) {
                        break;
                    }
                    try {
                        lock.wait(remaining);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
                if (down) {
                    return null;
                }
                if (errorStatus != 0) {
                    return new Answer(errorStatus, "text/plain", errorBody, null);
                }
            }
            boolean passingOnly = request.queryParameter("passing")
                    .map(v -> !v.equals("false"))
                    .orElse(false);
            Optional<String> tag = request.queryParameter("tag");
            List<Map<String, Object>> entries = new ArrayList<>();
            for (Instance instance : state.instances.values()) {
                if ((passingOnly && !instance.healthy())
                        || (tag.isPresent() && !instance.tags().contains(tag.get()))) {
                    continue;
                }
                entries.add(entry(request.service(), instance));
            }
            return new Answer(200, "application/json", JSON.writeValueAsString(entries), state.index);
        }
    }

    private static Map<String, Object> entry(String service, Instance instance) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put(
                "ID",
                "00000000-0000-0000-0000-"
                        + String.format(
                                Locale.ROOT, "%012d", Math.abs(instance.node().hashCode())));
        node.put("Node", instance.node());
        node.put("Address", instance.nodeAddress());
        node.put("Datacenter", "dc1");
        node.put("TaggedAddresses", Map.of("lan", instance.nodeAddress(), "wan", instance.nodeAddress()));
        node.put("Meta", Map.of("consul-network-segment", ""));
        node.put("CreateIndex", 5);
        node.put("ModifyIndex", 5);

        Map<String, Object> serviceEntry = new LinkedHashMap<>();
        serviceEntry.put("ID", instance.id());
        serviceEntry.put("Service", service);
        serviceEntry.put("Tags", instance.tags());
        serviceEntry.put("Address", instance.serviceAddress());
        serviceEntry.put("TaggedAddresses", Map.of());
        serviceEntry.put("Meta", instance.meta());
        serviceEntry.put("Port", instance.port());
        serviceEntry.put("Weights", Map.of("Passing", 1, "Warning", 1));
        serviceEntry.put("EnableTagOverride", false);
        serviceEntry.put("CreateIndex", 7);
        serviceEntry.put("ModifyIndex", 7);

        String status = instance.passing() ? "passing" : "critical";
        List<Map<String, Object>> checks = new ArrayList<>(List.of(
                check(instance, "serfHealth", "Serf Health Status", "passing", "", ""),
                check(
                        instance,
                        "service:" + instance.id(),
                        "Service '" + service + "' check",
                        status,
                        instance.id(),
                        service)));
        if (instance.maintenance()) {
            checks.add(check(
                    instance,
                    "_service_maintenance:" + instance.id(),
                    "Service Maintenance Mode",
                    "critical",
                    instance.id(),
                    service));
        }

        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("Node", node);
        entry.put("Service", serviceEntry);
        entry.put("Checks", checks);
        return entry;
    }

    private static Map<String, Object> check(
            Instance instance, String id, String name, String status, String serviceId, String serviceName) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("Node", instance.node());
        check.put("CheckID", id);
        check.put("Name", name);
        check.put("Status", status);
        check.put("Notes", "");
        check.put("Output", "");
        check.put("ServiceID", serviceId);
        check.put("ServiceName", serviceName);
        check.put("ServiceTags", serviceId.isEmpty() ? List.of() : instance.tags());
        check.put("CreateIndex", 7);
        check.put("ModifyIndex", 7);
        return check;
    }

    private RecordedRequest record(HttpExchange exchange) {
        long now = System.nanoTime();
        String rawQuery =
                Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            query.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        RecordedRequest request = new RecordedRequest(
                exchange.getRequestURI().getPath(),
                rawQuery,
                Collections.unmodifiableMap(query),
                Collections.unmodifiableMap(headers),
                now);
        synchronized (lock) {
            requests.add(request);
        }
        return request;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body, Long index)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (index != null) {
            exchange.getResponseHeaders().set("X-Consul-Index", Long.toString(index));
            exchange.getResponseHeaders().set("X-Consul-Knownleader", "true");
            exchange.getResponseHeaders().set("X-Consul-Lastcontact", "0");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static long parseIndex(String raw) {
        if (raw == null) {
            return 0;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Consul's {@code wait}: a Go duration such as {@code 55s}, {@code 1500ms} or {@code 5m}. */
    static long parseWait(String raw) {
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_WAIT_MILLIS;
        }
        long millis;
        if (raw.endsWith("ms")) {
            millis = Long.parseLong(raw.substring(0, raw.length() - 2));
        } else if (raw.endsWith("s")) {
            millis = TimeUnit.SECONDS.toMillis(Long.parseLong(raw.substring(0, raw.length() - 1)));
        } else if (raw.endsWith("m")) {
            millis = TimeUnit.MINUTES.toMillis(Long.parseLong(raw.substring(0, raw.length() - 1)));
        } else {
            throw new IllegalArgumentException("Unsupported wait \"" + raw + "\"");
        }
        return Math.min(millis, MAX_WAIT_MILLIS);
    }
}
