package dev.nala;

import java.util.List;

/**
 * What {@link HttpClientFactory#describe()} found about the deployment: the mode and where it came
 * from, how each configured service resolves, its settings and their sources, and what is wrong.
 * Immutable; {@link #text()} is what {@code nala-tools doctor} prints.
 */
public final class DeploymentReport {
    private final DeploymentMode mode;
    private final List<Finding> findings;
    private final String text;

    DeploymentReport(DeploymentMode mode, List<Finding> findings, String text) {
        this.mode = mode;
        this.findings = List.copyOf(findings);
        this.text = text;
    }

    /** How bad a finding is. */
    public enum Severity {
        /** Worth knowing, nothing to fix (a setting this mode ignores). */
        INFO,
        /** Works today, needs attention soon (a certificate expiring within 30 days). */
        WARNING,
        /** Calls will fail or are at risk now (Consul unreachable, a trust store missing). */
        ERROR
    }

    /**
     * One thing found.
     *
     * @param subject the service's name, or the part it is about ({@code consul}, {@code redis})
     * @param message one line, never holding a password or token
     */
    public record Finding(Severity severity, String subject, String message) {}

    /** The mode the factory runs, or would run, in. */
    public DeploymentMode mode() {
        return mode;
    }

    /** Every finding, in the order found. */
    public List<Finding> findings() {
        return findings;
    }

    /** Whether any finding is an {@link Severity#ERROR}. */
    public boolean hasErrors() {
        return findings.stream().anyMatch(finding -> finding.severity() == Severity.ERROR);
    }

    /** The whole report, for people: several lines, ending with a line break. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
