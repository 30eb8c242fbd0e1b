package dev.nala;

import dev.nala.DeploymentReport.Finding;
import dev.nala.DeploymentReport.Severity;
import dev.nala.internal.ServiceName;
import dev.nala.spi.Diagnosis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Collects what core and the mode write for a {@link DeploymentReport}: parts first, then services by name. */
final class CollectedDiagnosis implements Diagnosis {
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, List<String>> parts = new LinkedHashMap<>();
    private final Map<String, List<String>> services = new TreeMap<>();
    private final List<Finding> findings = new ArrayList<>();

    @Override
    public Duration probeTimeout() {
        return PROBE_TIMEOUT;
    }

    @Override
    public void note(String part, String line) {
        lines(parts, part).add(line);
    }

    @Override
    public void note(ServiceName service, String line) {
        lines(services, service.value()).add(line);
    }

    @Override
    public void finding(String part, Severity severity, String message) {
        findings.add(new Finding(severity, part, message));
        lines(parts, part).add(severity + " " + message);
    }

    @Override
    public void finding(ServiceName service, Severity severity, String message) {
        findings.add(new Finding(severity, service.value(), message));
        lines(services, service.value()).add(severity + " " + message);
    }

    private static List<String> lines(Map<String, List<String>> sections, String section) {
        return sections.computeIfAbsent(section, name -> new ArrayList<>());
    }

    DeploymentReport report(DeploymentMode mode, String modeSource) {
        StringBuilder text = new StringBuilder();
        text.append("Nala deployment mode: ")
                .append(mode.name().toLowerCase(Locale.ROOT))
                .append(" (from ")
                .append(modeSource)
                .append(")\n");
        parts.forEach((part, lines) -> append(text, part, lines));
        services.forEach((service, lines) -> append(text, "service " + service, lines));
        text.append('\n').append(summary()).append('\n');
        return new DeploymentReport(mode, findings, text.toString());
    }

    private static void append(StringBuilder text, String heading, List<String> lines) {
        text.append('\n').append(heading).append('\n');
        lines.forEach(line -> text.append("  ").append(line).append('\n'));
    }

    private String summary() {
        long errors = count(Severity.ERROR);
        long warnings = count(Severity.WARNING);
        String result = errors > 0 ? "FAILED" : "OK";
        return result + ": " + errors + (errors == 1 ? " error, " : " errors, ") + warnings
                + (warnings == 1 ? " warning" : " warnings");
    }

    private long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
