package dev.nala.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.Environment;
import dev.nala.discovery.testing.ConsulStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's demo, so it cannot rot, and checks the figures its report shows. The plain
 * run (static list, nothing exported) is made once and shared; Consul and OTLP get their own.
 */
class DemoTest {
    private static final String TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static DemoReport plainRun;
    private static String plainOutput;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeAll
    static void runTheDemoAsTheReadmeDoes() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        plainRun = Demo.run(new PrintStream(output, true, StandardCharsets.UTF_8), Environment.of(Map.of()));
        plainOutput = output.toString(StandardCharsets.UTF_8);
    }

    private DemoReport run(Map<String, String> environment) throws Exception {
        return Demo.run(new PrintStream(printed, true, StandardCharsets.UTF_8), Environment.of(environment));
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void standaloneRetriesTheFlakyInstancesFailuresAndEjectsIt() {
        ModeFigures standalone = plainRun.standalone();

        assertThat(standalone.foundThrough()).startsWith("the static list [127.0.0.1:");
        assertThat(standalone.calls()).isEqualTo(Demo.CALLS);
        assertThat(standalone.callerErrors())
                .as("the flaky instance's 503s never reach the caller")
                .isZero();
        // Nala's own attempt count is what really reached the two instances: retries and all.
        assertThat(standalone.attempts())
                .isGreaterThan(Demo.CALLS)
                .isEqualTo(standalone.healthyRequests() + standalone.flakyRequests());
        // The flaky instance fails its first three requests, so three in a row eject it, and after
        // that only the healthy one is called: every call ends there.
        assertThat(standalone.ejections()).isEqualTo(1);
        assertThat(standalone.ejected()).isEqualTo("flaky");
        assertThat(standalone.flakyRequests()).isEqualTo(3);
        assertThat(standalone.healthyRequests()).isEqualTo(Demo.CALLS);
        assertThat(standalone.sidecarRetries()).isEqualTo(-1);
        assertThat(standalone.requestId()).matches(UUID);
        assertThat(standalone.traceparent()).matches(TRACEPARENT);
        assertThat(sampled(standalone.traceparent())).isTrue();
    }

    @Test
    void meshSendsEachCallOnceAndLeavesRetriesToTheSidecar() {
        ModeFigures mesh = plainRun.mesh();

        assertThat(mesh.foundThrough())
                .startsWith("the Kubernetes DNS name payment-service.default.svc.cluster.local:");
        assertThat(mesh.attempts()).as("exactly one attempt per call from Nala").isEqualTo(Demo.CALLS);
        assertThat(mesh.callerErrors())
                .as("the sidecar retried the flaky instance's 503s")
                .isZero();
        assertThat(mesh.sidecarRetries()).isPositive();
        assertThat(mesh.healthyRequests() + mesh.flakyRequests()).isEqualTo(Demo.CALLS + mesh.sidecarRetries());
        assertThat(mesh.ejections()).isZero();
        // Nala's call span went on the wire and through the sidecar; the sidecar added the request id.
        assertThat(mesh.traceparent()).matches(TRACEPARENT);
        assertThat(sampled(mesh.traceparent())).isTrue();
        assertThat(mesh.requestId()).matches(UUID);
    }

    @Test
    void theRetryStormIsNineRequestsInStandaloneAndThreeInMesh() {
        DemoReport report = plainRun;

        assertThat(report.stormStandalone()).isEqualTo(3 * (SidecarStandIn.RETRIES + 1));
        assertThat(report.stormMesh()).isEqualTo(SidecarStandIn.RETRIES + 1);
        // 20 + 23 standalone call and attempt spans, 20 mesh call spans, 1 + 3 and 1 in the storm.
        assertThat(report.spans()).isEqualTo(Demo.CALLS + report.standalone().attempts() + Demo.CALLS + 4 + 1);
    }

    @Test
    void theReportShowsBothModesSideBySide() {
        DemoReport report = plainRun;
        String output = plainOutput;

        assertThat(output)
                .containsPattern("attempts Nala put on the wire +"
                        + report.standalone().attempts() + " +" + Demo.CALLS + " \\(one per call\\)");
        assertThat(output).containsPattern("errors seen by the caller +0 +0");
        assertThat(output).containsPattern("endpoint ejections by Nala +1 \\(flaky\\) +0 \\(the sidecar's job\\)");
        assertThat(output).contains("traceparent  " + report.standalone().traceparent());
        assertThat(output).contains("traceparent  " + report.mesh().traceparent());
        assertThat(output).contains("standalone  9 requests reach the failing instance");
        assertThat(output).contains("mesh        3 requests reach the failing instance");
        assertThat(output).contains("They stayed in memory");
    }

    @Test
    void withConsulHttpAddrStandaloneFindsTheInstancesInConsulAndTheDemoCleansUp() throws Exception {
        try (ConsulStandIn consul = ConsulStandIn.start();
                ConsulAgentFront agent = new ConsulAgentFront(consul)) {
            ModeFigures standalone =
                    run(Map.of("CONSUL_HTTP_ADDR", agent.address())).standalone();

            assertThat(standalone.foundThrough())
                    .isEqualTo("Consul at http://" + agent.address() + "/, where the demo registered both instances");
            assertThat(standalone.callerErrors()).isZero();
            assertThat(standalone.healthyRequests()).isEqualTo(Demo.CALLS);
            assertThat(standalone.flakyRequests()).isEqualTo(3);
            assertThat(consul.requests())
                    .anySatisfy(request -> assertThat(request.service()).isEqualTo("payment-service"));
            assertThat(agent.agentCalls()).hasSize(4);
            assertThat(agent.agentCalls().subList(0, 2))
                    .allMatch(call -> call.startsWith("register payment-service nala-demo-"));
            assertThat(agent.agentCalls().subList(2, 4))
                    .containsExactlyInAnyOrder("deregister nala-demo-healthy", "deregister nala-demo-flaky");
        }
    }

    @Test
    void withAnOtlpEndpointSpansAndMetricsAreExported() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            DemoReport report = run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()));

            assertThat(report.exportTarget())
                    .contains(receiver.endpoint() + " (OTLP/HTTP, service.name=nala-demo, traces and metrics)");
            assertThat(receiver.exports())
                    .anySatisfy(export -> assertThat(export)
                            .isEqualTo(new OtlpReceiver.Export(
                                    "POST", "/v1/traces", "application/x-protobuf", export.bytes())));
            assertThat(receiver.exports())
                    .anySatisfy(export -> assertThat(export)
                            .isEqualTo(new OtlpReceiver.Export(
                                    "POST", "/v1/metrics", "application/x-protobuf", export.bytes())));
            assertThat(receiver.exports())
                    .allSatisfy(export -> assertThat(export.bytes()).isPositive());
            assertThat(output()).contains("They were exported to " + receiver.endpoint());
        }
    }

    @Test
    void otelMetricsExporterNoneExportsTracesOnly() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            run(Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT",
                    receiver.endpoint() + "/",
                    "OTEL_METRICS_EXPORTER",
                    "none",
                    "OTEL_SERVICE_NAME",
                    "checkout"));

            assertThat(output()).contains("service.name=checkout, traces only");
            assertThat(receiver.exports())
                    .isNotEmpty()
                    .allSatisfy(export -> assertThat(export.path()).isEqualTo("/v1/traces"));
        }
    }

    private static boolean sampled(String traceparent) {
        return (Integer.parseInt(traceparent.substring(53), 16) & 1) == 1;
    }
}
