package dev.nala.spring;

import dev.nala.DeploymentReport;
import dev.nala.HttpClientFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/nala}: the doctor report of the running factory ({@link HttpClientFactory#describe()}),
 * checked afresh on each read: the mode and where it came from, how each configured service
 * resolves, the settings the application set and where, and every finding. Passwords and tokens
 * are never in it, but settings and addresses are: expose it
 * ({@code management.endpoints.web.exposure.include=health,nala}) where your other admin endpoints are.
 */
@Endpoint(id = "nala")
public final class NalaEndpoint {
    private final HttpClientFactory factory;

    /** The endpoint over this factory. */
    public NalaEndpoint(HttpClientFactory factory) {
        this.factory = factory;
    }

    /** {@code mode}, {@code hasErrors}, {@code findings} (severity, subject, message) and the report's {@code text}. */
    @ReadOperation
    public Map<String, Object> describe() {
        DeploymentReport report = factory.describe();
        List<Map<String, String>> findings = report.findings().stream()
                .map(finding -> Map.of(
                        "severity", finding.severity().name(),
                        "subject", finding.subject(),
                        "message", finding.message()))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", report.mode().name().toLowerCase(Locale.ROOT));
        body.put("hasErrors", report.hasErrors());
        body.put("findings", findings);
        body.put("text", report.text());
        return body;
    }
}
