package dev.nala.spi;

import dev.nala.DeploymentReport.Severity;
import dev.nala.internal.ServiceName;
import java.time.Duration;

/**
 * Where a mode writes what it knows about the deployment, for
 * {@link dev.nala.HttpClientFactory#describe()}: lines for people, and findings with a severity.
 * Nothing written here may hold a password or token.
 */
public interface Diagnosis {

    /** The longest a single probe (a Consul query, a DNS lookup, a Redis PING) may take. */
    Duration probeTimeout();

    /** A line about a part of the deployment ({@code consul}, {@code redis}, {@code settings}). */
    void note(String part, String line);

    /** A line about one configured service. */
    void note(ServiceName service, String line);

    void finding(String part, Severity severity, String message);

    void finding(ServiceName service, Severity severity, String message);
}
