package dev.nala.e2e.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nala.e2e.agent.AgentExport.ExportedSpan;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * nala-servlet's filter in a servlet application under the real OpenTelemetry Java agent, which
 * traces the container itself (its Tomcat and servlet instrumentation: the SERVER span, made
 * current on the request thread) and OkHttp. A child JVM runs {@link AgentServletApp} (embedded
 * Tomcat, one request thread, both modes) under {@code -javaagent}, with the agent's OkHttp
 * instrumentation on (its default) and off; this test sends it, in order: a request to the
 * standalone servlet with {@code traceparent}, {@code x-request-id} and B3 headers, one without
 * any, then the same two to the mesh servlet. It checks each request's trace in the agent's
 * exported spans and the headers the upstream received:
 *
 * <ul>
 *   <li>one SERVER span for the inbound request (the agent's), in the inbound trace, the span
 *       current in the handler;
 *   <li>one CLIENT span directly under it per outbound call, Nala's call span (no second, the
 *       agent's, beside it), with the documented tree below it and nothing else in the trace;
 *   <li>the upstream's {@code traceparent} continues that trace with the innermost CLIENT span as
 *       parent; the inbound {@code x-request-id} reaches the upstream, and in mesh mode the B3
 *       headers;
 *   <li>a request without tracing headers, on the same container thread right after one with
 *       them, forwards none of the earlier request's.
 * </ul>
 */
class ServletFilterUnderAgentTest {
    private static final String NALA = "dev.nala";
    private static final String AGENT_OKHTTP = "io.opentelemetry.okhttp-3.0";
    /** The upstream's server spans (the agent's JDK HttpServer instrumentation). */
    private static final String UPSTREAM_SERVER = "io.opentelemetry.java-http-server";

    private static final long CHILD_TIMEOUT_SECONDS = 120;
    private static final long START_TIMEOUT_SECONDS = 60;

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String MESH_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String PARENT_ID = "00f067aa0ba902b7";
    private static final List<String> B3 =
            List.of("x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "b3");

    /** What one request sent and got back. */
    private record Exchange(
            String what, String mode, Map<String, String> sent, Map<String, String> answer, Headers upstream) {
        boolean traced() {
            return sent.containsKey("traceparent");
        }
    }

    @ParameterizedTest(name = "agent OkHttp instrumentation on: {0}")
    @ValueSource(booleans = {true, false})
    void theFilterUnderTheAgentGivesOneSpanPerLayerAndForwardsOnlyTheRequestsOwnHeaders(
            boolean okhttpInstrumentation, @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        Path agent = OpenTelemetryAgentTest.agentJar();
        List<Exchange> exchanges = new ArrayList<>();
        List<String> exported = runUnderAgent(agent, okhttpInstrumentation, dir, port -> {
            exchanges.add(send(port, "standalone", "standalone, traced", tracingHeaders(TRACE_ID, "req-standalone")));
            exchanges.add(send(port, "standalone", "standalone, no tracing headers", Map.of()));
            exchanges.add(send(port, "mesh", "mesh, traced", tracingHeaders(MESH_TRACE_ID, "req-mesh")));
            exchanges.add(send(port, "mesh", "mesh, no tracing headers", Map.of()));
        });
        AgentExport export = AgentExport.parse(exported);

        List<String> problems = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            checkTrace(problems, exchange, export, okhttpInstrumentation);
            checkHeaders(problems, exchange, exchanges);
        }
        assertThat(exchanges.stream().map(e -> e.answer().get("thread")).distinct())
                .as("every request on the one container thread")
                .hasSize(1);
        assertThat(problems).as("the program's output is kept in %s", dir).isEmpty();
    }

    private static Map<String, String> tracingHeaders(String traceId, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("traceparent", "00-" + traceId + "-" + PARENT_ID + "-01");
        headers.put("x-request-id", requestId);
        headers.put("x-b3-traceid", traceId);
        headers.put("x-b3-spanid", "a2fb4a1d1a96d312");
        headers.put("x-b3-parentspanid", "0020000000000001");
        headers.put("x-b3-sampled", "1");
        return headers;
    }

    /** The trace of one request: the agent's SERVER span, Nala's call span alone under it, the documented tree below. */
    private static void checkTrace(
            List<String> problems, Exchange exchange, AgentExport export, boolean okhttpInstrumentation) {
        String what = exchange.what();
        String[] handlerSpan = exchange.answer().getOrDefault("span", "- -").split(" ");
        String traceId = handlerSpan[0];
        if (exchange.traced()) {
            String inboundTraceId = exchange.sent().get("traceparent").split("-")[1];
            if (!traceId.equals(inboundTraceId)) {
                problems.add(what + ": the handler's current span is in trace " + traceId + ", not the inbound "
                        + inboundTraceId);
                return;
            }
        }
        List<ExportedSpan> trace = export.trace(traceId);
        List<ExportedSpan> servers = trace.stream()
                .filter(s -> s.kind() == AgentExport.SERVER && !s.scope().equals(UPSTREAM_SERVER))
                .toList();
        if (servers.size() != 1) {
            problems.add(what + ": " + servers.size() + " SERVER spans for the inbound request, expected 1; trace: "
                    + trace);
            return;
        }
        ExportedSpan server = servers.get(0);
        String expectedParent = exchange.traced() ? PARENT_ID : "";
        if (!server.parentSpanId().equals(expectedParent)) {
            problems.add(what + ": the SERVER span's parent is '" + server.parentSpanId() + "', expected '"
                    + expectedParent + "'");
        }
        if (!server.spanId().equals(handlerSpan[1])) {
            problems.add(what + ": the span current in the handler is " + handlerSpan[1] + ", not the SERVER span "
                    + server.spanId());
        }
        List<ExportedSpan> underServer = trace.stream()
                .filter(s -> s.parentSpanId().equals(server.spanId()))
                .toList();
        if (underServer.size() != 1
                || underServer.get(0).kind() != AgentExport.CLIENT
                || !underServer.get(0).scope().equals(NALA)) {
            problems.add(what + ": under the SERVER span " + underServer
                    + ", expected Nala's call span alone (one CLIENT span per call)");
            return;
        }
        ExportedSpan wire = underServer.get(0);
        int expectedSpans = 2;
        int expectedClientSpans = 1;
        if (exchange.mode().equals("standalone")) {
            // Standalone's attempt span, under the call span.
            wire = onlyChild(problems, what + ", attempt span", trace, wire, NALA);
            expectedSpans++;
            expectedClientSpans++;
        }
        if (wire != null && okhttpInstrumentation) {
            wire = onlyChild(problems, what + ", the agent's OkHttp span", trace, wire, AGENT_OKHTTP);
            expectedSpans++;
            expectedClientSpans++;
        }
        if (wire == null) {
            return;
        }
        ExportedSpan upstreamServer =
                onlyChild(problems, what + ", the upstream's server span", trace, wire, UPSTREAM_SERVER);
        expectedSpans++;
        long clientSpans =
                trace.stream().filter(s -> s.kind() == AgentExport.CLIENT).count();
        if (upstreamServer != null && (trace.size() != expectedSpans || clientSpans != expectedClientSpans)) {
            problems.add(what + ": " + trace.size() + " spans (" + clientSpans + " CLIENT), expected " + expectedSpans
                    + " (" + expectedClientSpans + " CLIENT); trace: " + trace);
        }
        // Sampled; a trace the agent started also has the W3C random flag (03).
        String traceparent = exchange.upstream().get("traceparent");
        String expected = "00-" + traceId + "-" + wire.spanId() + "-" + (exchange.traced() ? "01" : "(01|03)");
        if (traceparent == null || !traceparent.matches(expected)) {
            problems.add(what + ": the upstream got traceparent " + traceparent + ", expected " + expected
                    + " (the innermost CLIENT span's)");
        }
    }

    private static ExportedSpan onlyChild(
            List<String> problems, String what, List<ExportedSpan> trace, ExportedSpan parent, String scope) {
        List<ExportedSpan> children = trace.stream()
                .filter(s -> s.parentSpanId().equals(parent.spanId()))
                .toList();
        if (children.size() != 1 || !children.get(0).scope().equals(scope)) {
            problems.add(what + ": under " + parent.spanId() + " " + children + ", expected one span of " + scope);
            return null;
        }
        return children.get(0);
    }

    /** The inbound x-request-id (and in mesh mode B3) reach the upstream; nothing of another request does. */
    private static void checkHeaders(List<String> problems, Exchange exchange, List<Exchange> all) {
        String what = exchange.what();
        Headers upstream = exchange.upstream();
        if (!"200".equals(exchange.answer().get("status"))) {
            problems.add(what + ": the upstream answered " + exchange.answer().get("status"));
        }
        String requestId = upstream.get("x-request-id");
        if (exchange.traced()) {
            if (!exchange.sent().get("x-request-id").equals(requestId)) {
                problems.add(what + ": the upstream got x-request-id " + requestId + ", expected "
                        + exchange.sent().get("x-request-id"));
            }
        } else if (exchange.mode().equals("standalone") && (requestId == null || requestId.isBlank())) {
            problems.add(what + ": standalone sent no x-request-id of its own");
        }
        for (String b3 : B3) {
            String expected = exchange.mode().equals("mesh") ? exchange.sent().get(b3) : null;
            if (!Objects.equals(expected, upstream.get(b3))) {
                problems.add(what + ": the upstream got " + b3 + " " + upstream.get(b3) + ", expected " + expected);
            }
        }
        for (Exchange other : all) {
            if (other == exchange) {
                continue;
            }
            for (Map.Entry<String, String> sent : other.sent().entrySet()) {
                String value = sent.getValue();
                if (value.length() < 8) {
                    continue; // not an id (x-b3-sampled)
                }
                for (String name : upstream.names()) {
                    for (String got : upstream.values(name)) {
                        if (got.contains(value) && !exchange.sent().containsValue(value)) {
                            problems.add(what + ": the upstream got " + name + ": " + got + ", which carries "
                                    + other.what() + "'s " + sent.getKey());
                        }
                    }
                }
            }
        }
    }

    /** One GET to the app, the answer parsed into its report lines and the headers the upstream got. */
    private static Exchange send(int port, String mode, String what, Map<String, String> headers) throws IOException {
        OkHttpClient client =
                new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
        Request.Builder request = new Request.Builder().url("http://127.0.0.1:" + port + "/" + mode);
        headers.forEach(request::header);
        String body;
        try (Response response = client.newCall(request.build()).execute()) {
            body = response.body().string();
            assertThat(response.code()).as("%s: %s", what, body).isEqualTo(200);
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
        Map<String, String> answer = new LinkedHashMap<>();
        Headers.Builder upstream = new Headers.Builder();
        for (String line : body.split("\n")) {
            if (line.startsWith("upstream ")) {
                upstream.add(line.substring("upstream ".length()));
            } else if (!line.isEmpty()) {
                int space = line.indexOf(' ');
                answer.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return new Exchange(what, mode, Map.copyOf(headers), answer, upstream.build());
    }

    @FunctionalInterface
    private interface Requests {
        void send(int port) throws Exception;
    }

    /** Runs {@link AgentServletApp} under the agent, sends it the requests, stops it; returns what it printed. */
    private static List<String> runUnderAgent(Path agent, boolean okhttpInstrumentation, Path dir, Requests requests)
            throws Exception {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent,
                "-Dotel.service.name=nala-servlet-agent-test",
                "-Dotel.traces.exporter=experimental-otlp/stdout",
                "-Dotel.metrics.exporter=none",
                "-Dotel.logs.exporter=none",
                "-Dotel.bsp.schedule.delay=" + AgentTracedCalls.SPAN_EXPORT_DELAY_MILLIS,
                "-Dotel.instrumentation.okhttp.enabled=" + okhttpInstrumentation,
                "-Dsun.net.httpserver.nodelay=true",
                // Its log lines to standard error: standard output is the exporter's.
                "-Dlogback.configurationFile=agent-traced-calls-logback.xml",
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                AgentServletApp.class.getName(),
                dir.toString());
        Process child = new ProcessBuilder(command)
                .directory(new File(System.getProperty("user.dir")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            requests.send(awaitPort(child, dir.resolve(AgentServletApp.PORT_FILE), err));
        } finally {
            // End of its standard input: it stops; the agent exports what is left at exit.
            child.getOutputStream().close();
            if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("the application under the agent did not stop within " + CHILD_TIMEOUT_SECONDS + " s: "
                        + Files.readString(err));
            }
        }
        assertThat(child.exitValue())
                .as("exit value; stderr: %s", Files.readString(err))
                .isZero();
        return Files.readAllLines(out);
    }

    private static int awaitPort(Process child, Path portFile, Path err) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (!Files.exists(portFile)) {
            if (!child.isAlive()) {
                fail("the application under the agent exited (" + child.exitValue() + ") before serving: "
                        + Files.readString(err));
            }
            if (System.nanoTime() > deadline) {
                fail("the application under the agent did not serve within " + START_TIMEOUT_SECONDS + " s: "
                        + Files.readString(err));
            }
            Thread.sleep(50);
        }
        return Integer.parseInt(Files.readString(portFile).trim());
    }
}
