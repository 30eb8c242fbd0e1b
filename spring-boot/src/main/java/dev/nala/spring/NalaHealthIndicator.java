package dev.nala.spring;

import dev.nala.DeploymentReport;
import dev.nala.DeploymentReport.Finding;
import dev.nala.DeploymentReport.Severity;
import dev.nala.HttpClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Nala's part of {@code /actuator/health}: DOWN when {@link HttpClientFactory#describe()} finds an
 * {@link Severity#ERROR} (Consul does not answer, a service has no passing instance, a trust store is
 * missing or expired), UP otherwise; warnings and errors are listed in the details.
 *
 * <p>{@code describe()} probes Consul, DNS and Redis (each bounded by 2 seconds), and health checks
 * come often, from every load balancer and probe. So a report is reused for {@link #REUSED_FOR}:
 * Consul sees at most one health query per service every 10 seconds from each replica, whatever
 * the number of health checks. {@code /actuator/nala} always checks afresh.
 */
public final class NalaHealthIndicator implements HealthIndicator {
    /** How long one report answers health checks. */
    public static final Duration REUSED_FOR = Duration.ofSeconds(10);

    private final HttpClientFactory factory;
    private final Clock clock;
    private DeploymentReport report;
    private Instant checkedAt;

    /** Health from the factory's {@code describe()}, reused for {@link #REUSED_FOR}. */
    public NalaHealthIndicator(HttpClientFactory factory) {
        this(factory, Clock.systemUTC());
    }

    NalaHealthIndicator(HttpClientFactory factory, Clock clock) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.clock = clock;
    }

    @Override
    public Health health() {
        DeploymentReport current = report();
        List<String> notable = current.findings().stream()
                .filter(finding -> finding.severity() != Severity.INFO)
                .map(NalaHealthIndicator::line)
                .toList();
        Health.Builder health = current.hasErrors() ? Health.down() : Health.up();
        return health.withDetails(Map.of("mode", current.mode().name().toLowerCase(java.util.Locale.ROOT)))
                .withDetail("findings", notable)
                .build();
    }

    /** One check at a time; concurrent health checks wait for it and share its report. */
    private synchronized DeploymentReport report() {
        Instant now = clock.instant();
        if (report == null || !now.isBefore(checkedAt.plus(REUSED_FOR))) {
            report = factory.describe();
            checkedAt = now;
        }
        return report;
    }

    private static String line(Finding finding) {
        return finding.severity() + " " + finding.subject() + ": " + finding.message();
    }
}
