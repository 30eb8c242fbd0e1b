package dev.nala.examples;

import java.io.PrintStream;
import java.util.Optional;

/**
 * The demo's findings, and the side-by-side table it prints.
 *
 * @param healthyAddress where the healthy instance listens
 * @param flakyAddress where the flaky instance listens
 * @param standalone the figures of standalone mode
 * @param mesh the figures of mesh mode
 * @param stormStandalone requests that reached a failing instance for one standalone call behind a retrying sidecar
 * @param stormMesh the same for one mesh call
 * @param spans the spans Nala recorded in the whole demo
 * @param exportTarget where spans and metrics were exported, if anywhere
 */
record DemoReport(
        String healthyAddress,
        String flakyAddress,
        ModeFigures standalone,
        ModeFigures mesh,
        int stormStandalone,
        int stormMesh,
        long spans,
        Optional<String> exportTarget) {

    private static final String ROW = "  %-34s %-24s %s%n";

    void print(PrintStream out) {
        out.println();
        out.println("Nala demo: " + standalone.calls()
                + " calls to http://payment-service/ in each mode; two local instances:");
        out.println("  healthy  " + healthyAddress + "  answers 200");
        out.println("  flaky    " + flakyAddress + "  answers 503 to three requests in four");
        out.println();
        out.println("How payment-service was found:");
        out.println("  standalone  " + standalone.foundThrough());
        out.println("  mesh        " + mesh.foundThrough());
        out.println("              (in a pod the sidecar intercepts that connection; here a DNS stand-in sends it");
        out.println("              to a sidecar stand-in on 127.0.0.1 that balances and retries like Envoy)");
        out.println();
        out.printf(ROW, "", "standalone", "mesh (behind a sidecar)");
        out.printf(ROW, "calls made by the application", standalone.calls(), mesh.calls());
        out.printf(ROW, "attempts Nala put on the wire", standalone.attempts(), mesh.attempts() + " (one per call)");
        out.printf(
                ROW,
                "retries by the sidecar",
                standalone.sidecarRetries() < 0 ? "no sidecar" : standalone.sidecarRetries(),
                mesh.sidecarRetries() < 0 ? "no sidecar" : mesh.sidecarRetries());
        out.printf(
                ROW,
                "requests at healthy / flaky",
                standalone.healthyRequests() + " / " + standalone.flakyRequests(),
                mesh.healthyRequests() + " / " + mesh.flakyRequests());
        out.printf(ROW, "errors seen by the caller", standalone.callerErrors(), mesh.callerErrors());
        out.printf(ROW, "endpoint ejections by Nala", ejections(standalone), mesh.ejections() + " (the sidecar's job)");
        out.println();
        out.println("Headers the healthy instance received on its last request:");
        out.println("  standalone  x-request-id " + standalone.requestId() + "  (made by Nala)");
        out.println("              traceparent  " + standalone.traceparent() + "  (Nala's attempt span)");
        out.println("  mesh        x-request-id " + mesh.requestId() + "  (made by the sidecar, as Envoy does)");
        out.println(
                "              traceparent  " + mesh.traceparent() + "  (Nala's call span, passed on by the sidecar)");
        out.println();
        out.println(
                "Retry storm: one call while every instance fails (503), behind a sidecar that retries twice as Istio does:");
        out.printf(
                "  standalone  %d requests reach the failing instance (3 Nala attempts x 3 sidecar tries)%n",
                stormStandalone);
        out.printf(
                "  mesh        %d requests reach the failing instance (1 Nala attempt x 3 sidecar tries)%n", stormMesh);
        out.println();
        out.println("Nala recorded " + spans
                + " spans (one per call, plus one per attempt in standalone mode) and its metrics.");
        out.println(exportTarget
                .map(target -> "They were exported to " + target + ".")
                .orElse("They stayed in memory; to see them in Jaeger or any OTLP backend, set"
                        + " OTEL_EXPORTER_OTLP_ENDPOINT (docs/observability.md)."));
    }

    private static String ejections(ModeFigures figures) {
        return figures.ejections() + (figures.ejected().isEmpty() ? "" : " (" + figures.ejected() + ")");
    }
}
