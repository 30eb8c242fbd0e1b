package dev.nala.e2e.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The application that {@link OpenTelemetryAgentTest} runs under the OpenTelemetry Java agent:
 * each call is made inside an application SERVER span of its own (so each call is one trace),
 * through a factory that reports to {@code GlobalOpenTelemetry} (the agent's), to an upstream on
 * loopback that the agent traces too (its {@code com.sun.net.httpserver} instrumentation).
 *
 * <p>Arguments: {@code standalone} or {@code mesh}, and the file to write the report to. Every
 * scenario has its own logical service and upstream, so the metric points of one scenario can be
 * told from another's by their {@code server.address} and {@code server.port}. The report has one
 * line per upstream ({@code UPSTREAM <scenario> <service> <port>}) and one per call ({@code CALL
 * <scenario> <trace id> <app span id> <status> <traceparent the upstream got>}); it goes to a file
 * because standard output is the agent exporters', whose lines must not interleave with others.
 */
public final class AgentTracedCalls {
    /** Calls per scenario. */
    static final int CALLS = 3;

    static final String NAMESPACE = "shop";
    /** The header that names the call a request belongs to (its application span's trace id). */
    static final String CALL_HEADER = "x-test-call";
    /** How often the agent's span processor exports ({@code otel.bsp.schedule.delay}), and how long the program waits at the end. */
    static final long SPAN_EXPORT_DELAY_MILLIS = 50;

    static final long SPAN_EXPORT_WAIT_MILLIS = 1_000;

    /** What one scenario does: how the call is made, on which client, against what upstream. */
    enum Scenario {
        EXECUTE(false, false, false, false),
        ENQUEUE(true, false, false, false),
        /** Standalone only: every first attempt gets a 503, the retry a 200. */
        EXECUTE_RETRY(false, true, false, false),
        ENQUEUE_RETRY(true, true, false, false),
        /** {@code enqueue()} on a client derived with the caller's own EventListener. */
        ENQUEUE_OWN_LISTENER(true, false, true, false),
        /**
         * {@code enqueue()} of all the calls at once, one request per host allowed: the first is
         * held by the upstream until every call is enqueued, the others wait in the dispatcher's
         * queue and are started, one after the other, by the dispatcher thread of the call before.
         */
        ENQUEUE_QUEUED(true, false, false, true);

        final boolean async;
        final boolean retry;
        final boolean ownListener;
        final boolean queued;

        Scenario(boolean async, boolean retry, boolean ownListener, boolean queued) {
            this.async = async;
            this.retry = retry;
            this.ownListener = ownListener;
            this.queued = queued;
        }

        String service() {
            return "catalog-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static List<Scenario> of(DeploymentMode mode) {
            List<Scenario> scenarios = new ArrayList<>();
            for (Scenario scenario : values()) {
                if (!(scenario.retry && mode == DeploymentMode.MESH)) {
                    scenarios.add(scenario);
                }
            }
            return scenarios;
        }
    }

    private AgentTracedCalls() {}

    public static void main(String[] args) throws Exception {
        DeploymentMode mode = DeploymentMode.valueOf(args[0].toUpperCase(Locale.ROOT));
        List<String> report = new ArrayList<>();
        try {
            run(mode, report);
        } finally {
            Files.write(Path.of(args[1]), report);
        }
        // Every span has ended: let the agent's span processor (a short schedule delay) print
        // them now, so that at exit only the metric reader prints (two exporters printing at once
        // would interleave their lines).
        Thread.sleep(SPAN_EXPORT_WAIT_MILLIS);
    }

    private static void run(DeploymentMode mode, List<String> report) throws Exception {
        List<Scenario> scenarios = Scenario.of(mode);
        ExecutorService handlers = Executors.newFixedThreadPool(4);
        List<Upstream> upstreams = new ArrayList<>();
        StringBuilder hocon = new StringBuilder("nala.defaults.call-timeout = 10s\n"
                + "nala.defaults.retry.backoff { initial = 1ms, max = 5ms }\n"
                + "nala.kubernetes.namespace-file = \"target/no-such-namespace-file\"\n");
        for (Scenario scenario : scenarios) {
            Upstream upstream = Upstream.start(scenario, handlers);
            upstreams.add(upstream);
            String service = "nala.services.\"" + scenario.service() + "\"";
            hocon.append(
                    mode == DeploymentMode.MESH
                            ? service + ".port = " + upstream.port() + "\n"
                            : service + " { discovery = static, endpoints = [\"127.0.0.1:" + upstream.port()
                                    + "\"] }\n");
            report.add("UPSTREAM " + scenario + " " + scenario.service() + " " + upstream.port());
        }

        Tracer tracer = GlobalOpenTelemetry.getTracer("nala-agent-test-app");
        try (HttpClientFactory factory = HttpClientFactory.builder()
                .mode(mode)
                .environment(Environment.of(Map.of("KUBERNETES_NAMESPACE", NAMESPACE)))
                .config(ConfigFactory.parseString(hocon.toString()))
                .build()) {
            for (int i = 0; i < scenarios.size(); i++) {
                Scenario scenario = scenarios.get(i);
                OkHttpClient client = clientFor(factory, mode, scenario);
                if (scenario.queued) {
                    report.addAll(queuedCalls(tracer, client, scenario, upstreams.get(i)));
                    continue;
                }
                for (int n = 1; n <= CALLS; n++) {
                    report.add(call(tracer, client, scenario, upstreams.get(i)));
                }
            }
        } finally {
            for (Upstream upstream : upstreams) {
                upstream.close();
            }
            handlers.shutdownNow();
        }
    }

    private static OkHttpClient clientFor(HttpClientFactory factory, DeploymentMode mode, Scenario scenario) {
        if (mode == DeploymentMode.STANDALONE && !scenario.ownListener) {
            return factory.client();
        }
        OkHttpClient.Builder derived = factory.client().newBuilder();
        if (mode == DeploymentMode.MESH) {
            derived.dns(AgentTracedCalls::clusterDns);
        }
        if (scenario.ownListener) {
            derived.eventListener(new EventListener() {});
        }
        return derived.build();
    }

    /** The cluster's DNS on loopback: every {@code *.svc.cluster.local} name is 127.0.0.1. */
    private static List<InetAddress> clusterDns(String host) throws UnknownHostException {
        if (host.endsWith(".svc.cluster.local")) {
            return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        }
        throw new UnknownHostException(host);
    }

    private static String call(Tracer tracer, OkHttpClient client, Scenario scenario, Upstream upstream)
            throws Exception {
        Span app = tracer.spanBuilder("handle " + scenario)
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        int status;
        try (Scope scope = app.makeCurrent()) {
            Call call = client.newCall(request(scenario, app));
            status = scenario.async ? enqueue(call).get(15, TimeUnit.SECONDS) : execute(call);
        } finally {
            app.end();
        }
        return reportLine(scenario, app, status, upstream);
    }

    private static List<String> queuedCalls(Tracer tracer, OkHttpClient client, Scenario scenario, Upstream upstream)
            throws Exception {
        Dispatcher dispatcher = client.dispatcher();
        int maxRequestsPerHost = dispatcher.getMaxRequestsPerHost();
        dispatcher.setMaxRequestsPerHost(1);
        try {
            List<Span> apps = new ArrayList<>();
            List<CompletableFuture<Integer>> statuses = new ArrayList<>();
            for (int n = 1; n <= CALLS; n++) {
                Span app = tracer.spanBuilder("handle " + scenario)
                        .setSpanKind(SpanKind.SERVER)
                        .startSpan();
                try (Scope scope = app.makeCurrent()) {
                    statuses.add(enqueue(client.newCall(request(scenario, app))));
                } finally {
                    app.end();
                }
                apps.add(app);
            }
            if (dispatcher.queuedCallsCount() != CALLS - 1) {
                throw new IllegalStateException(
                        dispatcher.queuedCallsCount() + " calls queued, expected " + (CALLS - 1));
            }
            upstream.release();
            List<String> lines = new ArrayList<>();
            for (int n = 0; n < CALLS; n++) {
                lines.add(reportLine(scenario, apps.get(n), statuses.get(n).get(15, TimeUnit.SECONDS), upstream));
            }
            return lines;
        } finally {
            dispatcher.setMaxRequestsPerHost(maxRequestsPerHost);
        }
    }

    /** The request of one call, which names the call (its application span's trace) for the upstream. */
    private static Request request(Scenario scenario, Span app) {
        return new Request.Builder()
                .url("http://" + scenario.service() + "/items")
                .header(CALL_HEADER, app.getSpanContext().getTraceId())
                .build();
    }

    private static String reportLine(Scenario scenario, Span app, int status, Upstream upstream) {
        String traceId = app.getSpanContext().getTraceId();
        return "CALL " + scenario + " " + traceId + " " + app.getSpanContext().getSpanId() + " " + status + " "
                + upstream.traceparents.getOrDefault(traceId, "-");
    }

    private static int execute(Call call) throws IOException {
        try (Response response = call.execute()) {
            response.body().string();
            return response.code();
        }
    }

    private static CompletableFuture<Integer> enqueue(Call call) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) throws IOException {
                try (response) {
                    response.body().string();
                    status.complete(response.code());
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                status.completeExceptionally(e);
            }
        });
        return status;
    }

    /**
     * A loopback upstream recording, per call, the {@code traceparent} of the last request (the
     * one answered). A flaky one fails every odd request with 503; a holding one holds the first
     * request until {@link #release()}d.
     */
    private static final class Upstream implements AutoCloseable {
        private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);

        private final HttpServer server;
        private final Scenario scenario;
        private final AtomicInteger requests = new AtomicInteger();
        private final CountDownLatch released = new CountDownLatch(1);
        final Map<String, String> traceparents = new ConcurrentHashMap<>();

        private Upstream(Scenario scenario, ExecutorService handlers) throws IOException {
            this.scenario = scenario;
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setExecutor(handlers);
            server.createContext("/", this::handle);
            server.start();
        }

        static Upstream start(Scenario scenario, ExecutorService handlers) throws IOException {
            return new Upstream(scenario, handlers);
        }

        int port() {
            return server.getAddress().getPort();
        }

        void release() {
            released.countDown();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                int n = requests.incrementAndGet();
                String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
                traceparents.put(
                        String.valueOf(exchange.getRequestHeaders().getFirst(CALL_HEADER)),
                        traceparent == null ? "-" : traceparent);
                if (scenario.queued && n == 1 && !released.await(15, TimeUnit.SECONDS)) {
                    throw new IOException("never released");
                }
                if (scenario.retry && n % 2 == 1) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, OK.length);
                exchange.getResponseBody().write(OK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
