package dev.nala.e2e.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nala.DeploymentMode;
import dev.nala.e2e.agent.AgentExport.ExportedSpan;
import dev.nala.e2e.agent.AgentExport.HistogramPoint;
import dev.nala.e2e.agent.AgentTracedCalls.Scenario;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Nala under the real OpenTelemetry Java agent ({@code -javaagent}, the jar the build copies from
 * Maven Central into {@code target/otel-javaagent/}), with the agent's OkHttp instrumentation on
 * (its default) and off, in both modes, for {@code execute()}, {@code enqueue()}, a retried call
 * (standalone), {@code enqueue()} on a client derived with the caller's own EventListener, and
 * asynchronous calls that waited in the dispatcher's queue.
 *
 * <p>A child JVM runs {@link AgentTracedCalls} with the agent's OTLP JSON stdout exporters; the
 * test reads back every span and the {@code http.client.request.duration} points and checks, call
 * by call, the tree docs/observability.md documents: the application's span, Nala's call span
 * under it, standalone's attempt spans under that, the agent's OkHttp span (when on) under each
 * attempt (mesh: under the call span), and the upstream's server span under the innermost of
 * those, which is also the {@code traceparent} the upstream received; no other span. And one
 * metric point per layer: one per call from Nala, one per request on the wire from the agent.
 */
class OpenTelemetryAgentTest {
    private static final String NALA = "dev.nala";
    private static final String AGENT_OKHTTP = "io.opentelemetry.okhttp-3.0";
    private static final String AGENT_SERVER = "io.opentelemetry.java-http-server";
    private static final String DURATION = "http.client.request.duration";
    private static final long CHILD_TIMEOUT_SECONDS = 120;
    private static final String DEFAULT_AGENT_JAR = "target/otel-javaagent/opentelemetry-javaagent.jar";

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of(DeploymentMode.STANDALONE, true),
                Arguments.of(DeploymentMode.STANDALONE, false),
                Arguments.of(DeploymentMode.MESH, true),
                Arguments.of(DeploymentMode.MESH, false));
    }

    @ParameterizedTest(name = "{0}, agent OkHttp instrumentation on: {1}")
    @MethodSource("runs")
    void everyCallIsTheDocumentedSpanTreeWithOneMetricPointPerLayer(
            DeploymentMode mode, boolean okhttpInstrumentation, @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir)
            throws Exception {
        Path agent = agentJar();
        Path report = dir.resolve("report.txt");
        AgentExport export = AgentExport.parse(runUnderAgent(agent, mode, okhttpInstrumentation, report, dir));

        Map<Scenario, Integer> ports = new HashMap<>();
        Map<Scenario, List<String[]>> calls = new HashMap<>();
        for (String line : Files.readAllLines(report)) {
            String[] fields = line.split(" ");
            if (fields[0].equals("UPSTREAM")) {
                ports.put(Scenario.valueOf(fields[1]), Integer.parseInt(fields[3]));
            } else if (fields[0].equals("CALL")) {
                calls.computeIfAbsent(Scenario.valueOf(fields[1]), s -> new ArrayList<>())
                        .add(fields);
            }
        }

        List<String> problems = new ArrayList<>();
        StringBuilder measured = new StringBuilder();
        for (Scenario scenario : AgentTracedCalls.Scenario.of(mode)) {
            List<String[]> made = calls.getOrDefault(scenario, List.of());
            assertThat(made).as("%s: calls made (output: %s)", scenario, dir).hasSize(AgentTracedCalls.CALLS);
            int attempts = scenario.retry ? 2 : 1;
            List<Integer> clientSpans = new ArrayList<>();
            for (String[] call : made) {
                String traceId = call[2];
                List<ExportedSpan> trace = export.trace(traceId);
                clientSpans.add((int) trace.stream()
                        .filter(s -> s.kind() == AgentExport.CLIENT)
                        .count());
                checkTree(
                        problems,
                        scenario + " trace " + traceId,
                        trace,
                        call[3],
                        call[5],
                        mode,
                        okhttpInstrumentation,
                        attempts);
                if (!call[4].equals("200")) {
                    problems.add(scenario + ": status " + call[4]);
                }
            }
            long nalaPoints = points(export, NALA, scenario, ports.get(scenario));
            long agentPoints = points(export, AGENT_OKHTTP, scenario, ports.get(scenario));
            measured.append(String.format(
                    "%s %s okhttp=%s: CLIENT spans per call %s, %s points: Nala %d, agent %d (%d calls)%n",
                    mode,
                    scenario,
                    okhttpInstrumentation ? "on" : "off",
                    clientSpans,
                    DURATION,
                    nalaPoints,
                    agentPoints,
                    made.size()));
            if (nalaPoints != made.size()) {
                problems.add(scenario + ": Nala recorded " + nalaPoints + " " + DURATION + " points for " + made.size()
                        + " calls");
            }
            long wire = okhttpInstrumentation ? (long) made.size() * attempts : 0;
            if (agentPoints != wire) {
                problems.add(scenario + ": the agent recorded " + agentPoints + " " + DURATION + " points for " + wire
                        + " requests on the wire it instruments");
            }
        }
        System.out.print(measured);
        assertThat(problems)
                .as("measured:%n%s(the program's output is kept in %s)", measured, dir)
                .isEmpty();
    }

    /**
     * The documented tree of one call: app span -> Nala call span -> (standalone) attempt spans ->
     * (agent OkHttp on) the agent's span per attempt -> the upstream's server span; nothing else.
     */
    private static void checkTree(
            List<String> problems,
            String what,
            List<ExportedSpan> trace,
            String appSpanId,
            String upstreamTraceparent,
            DeploymentMode mode,
            boolean okhttpInstrumentation,
            int attempts) {
        List<ExportedSpan> callSpans = children(trace, appSpanId, NALA);
        if (callSpans.size() != 1) {
            problems.add(what + ": " + callSpans.size() + " Nala call spans under the app span, expected 1; trace: "
                    + trace);
            return;
        }
        ExportedSpan callSpan = callSpans.get(0);
        List<ExportedSpan> attemptSpans =
                mode == DeploymentMode.STANDALONE ? children(trace, callSpan.spanId(), NALA) : List.of(callSpan);
        if (attemptSpans.size() != attempts) {
            problems.add(
                    what + ": " + attemptSpans.size() + " attempt spans, expected " + attempts + "; trace: " + trace);
            return;
        }
        int expected = 2 + (mode == DeploymentMode.STANDALONE ? attempts : 0);
        String lastWire = null;
        for (ExportedSpan attempt : attemptSpans) {
            ExportedSpan wire = attempt;
            if (okhttpInstrumentation) {
                List<ExportedSpan> agentSpans = children(trace, attempt.spanId(), AGENT_OKHTTP);
                if (agentSpans.size() != 1) {
                    problems.add(what + ": " + agentSpans.size() + " agent OkHttp spans under " + attempt.spanId()
                            + ", expected 1; trace: " + trace);
                    return;
                }
                wire = agentSpans.get(0);
                expected++;
            }
            List<ExportedSpan> serverSpans = children(trace, wire.spanId(), AGENT_SERVER);
            if (serverSpans.size() != 1 || serverSpans.get(0).kind() != AgentExport.SERVER) {
                problems.add(what + ": " + serverSpans.size() + " upstream server spans under the wire span "
                        + wire.spanId() + ", expected 1; trace: " + trace);
                return;
            }
            expected++;
            lastWire = wire.spanId();
        }
        if (trace.size() != expected) {
            problems.add(what + ": " + trace.size() + " spans in the trace, expected " + expected + " (the app span and"
                    + " the documented tree); the agent's directly under the app span: "
                    + children(trace, appSpanId, AGENT_OKHTTP) + "; trace: " + trace);
        }
        String[] traceparent = upstreamTraceparent.split("-");
        if (traceparent.length != 4 || !traceparent[2].equals(lastWire)) {
            problems.add(what + ": the upstream got traceparent " + upstreamTraceparent + ", expected the wire span "
                    + lastWire);
        }
    }

    private static List<ExportedSpan> children(List<ExportedSpan> trace, String parentSpanId, String scope) {
        return trace.stream()
                .filter(span ->
                        span.parentSpanId().equals(parentSpanId) && span.scope().equals(scope))
                .toList();
    }

    /** The {@value #DURATION} measurements {@code scope} recorded for the scenario's service or upstream. */
    private static long points(AgentExport export, String scope, Scenario scenario, int upstreamPort) {
        String service = scenario.service();
        String meshName = service + "." + AgentTracedCalls.NAMESPACE + ".svc.cluster.local";
        long count = 0;
        for (HistogramPoint point : export.histogramPoints(DURATION)) {
            String address = point.attributes().get("server.address");
            boolean ours = service.equals(address)
                    || meshName.equals(address)
                    || ("127.0.0.1".equals(address)
                            && String.valueOf(upstreamPort)
                                    .equals(point.attributes().get("server.port")));
            if (ours && point.scope().equals(scope)) {
                count += point.count();
            }
        }
        return count;
    }

    /** Runs {@link AgentTracedCalls} under the agent; returns what it printed (the exporters' output). */
    private static List<String> runUnderAgent(
            Path agent, DeploymentMode mode, boolean okhttpInstrumentation, Path report, Path dir)
            throws IOException, InterruptedException {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent,
                "-Dotel.service.name=nala-agent-test",
                "-Dotel.traces.exporter=experimental-otlp/stdout",
                "-Dotel.metrics.exporter=experimental-otlp/stdout",
                "-Dotel.logs.exporter=none",
                "-Dotel.bsp.schedule.delay=" + AgentTracedCalls.SPAN_EXPORT_DELAY_MILLIS,
                // One metric export, when the agent shuts the SDK down at exit: cumulative totals.
                "-Dotel.metric.export.interval=3600000",
                "-Dotel.instrumentation.okhttp.enabled=" + okhttpInstrumentation,
                "-Dsun.net.httpserver.nodelay=true",
                // Its log lines to standard error: standard output is the exporters'.
                "-Dlogback.configurationFile=agent-traced-calls-logback.xml",
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                AgentTracedCalls.class.getName(),
                mode.configValue(),
                report.toString());
        Process child = new ProcessBuilder(command)
                .directory(new File(System.getProperty("user.dir")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the program under the agent did not finish within " + CHILD_TIMEOUT_SECONDS + " s: "
                    + Files.readString(err));
        }
        assertThat(child.exitValue())
                .as("exit value; stderr: %s", Files.readString(err))
                .isZero();
        return Files.readAllLines(out);
    }

    /**
     * The agent jar the build copied (e2e-tests/pom.xml). Absent, the test fails under
     * {@code CI=true} and is skipped elsewhere (for instance when run from an IDE without Maven).
     */
    static Path agentJar() {
        return agentJar(Path.of(System.getProperty("nala.e2e.otel-javaagent", DEFAULT_AGENT_JAR)), System.getenv("CI"));
    }

    /** {@link #agentJar()} for that path, with the value of {@code CI} given (null: unset). */
    static Path agentJar(Path agent, String ci) {
        if (Files.isRegularFile(agent)) {
            return agent;
        }
        String message = "the OpenTelemetry Java agent is not at " + agent.toAbsolutePath()
                + "; `mvn -B verify -pl e2e-tests` copies it there from Maven Central";
        if (ci != null && ci.trim().equalsIgnoreCase("true")) {
            fail(message + " (CI=true: end-to-end tests must run)");
        }
        assumeTrue(false, message);
        throw new AssertionError("unreachable");
    }

    @Test
    void aMissingAgentJarFailsUnderCiAndSkipsTheTestElsewhere(@TempDir Path dir) {
        Path missing = dir.resolve("opentelemetry-javaagent.jar");
        assertThatThrownBy(() -> agentJar(missing, "true"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("CI=true");
        assertThatThrownBy(() -> agentJar(missing, null)).isInstanceOf(TestAbortedException.class);
    }
}
