package dev.nala.discovery;

import dev.nala.DeploymentMode;
import dev.nala.internal.ServiceName;
import dev.nala.internal.TelemetryNames;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import java.util.function.Consumer;

/** Discovery's instruments ({@code docs/observability.md}). */
final class DiscoveryMetrics {
    static final String REFRESHES = "nala.discovery.refreshes";
    static final String STALENESS = "nala.discovery.consul.staleness";
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("nala.discovery.outcome");

    private static final DiscoveryMetrics DISABLED = new DiscoveryMetrics(OpenTelemetry.noop(), "none");

    private final Meter meter;
    private final LongCounter refreshes;
    private final String mode;

    private DiscoveryMetrics(OpenTelemetry openTelemetry, String mode) {
        this.meter = openTelemetry.getMeter(TelemetryNames.SCOPE);
        this.refreshes = meter.counterBuilder(REFRESHES)
                .setUnit("{refresh}")
                .setDescription("Answers (success) and failures (error) of discovery queries to Consul.")
                .build();
        this.mode = mode;
    }

    static DiscoveryMetrics of(OpenTelemetry openTelemetry, DeploymentMode mode) {
        return new DiscoveryMetrics(openTelemetry, mode.configValue());
    }

    /** Records nothing. */
    static DiscoveryMetrics disabled() {
        return DISABLED;
    }

    Refreshes refreshesOf(ServiceName service) {
        return new Refreshes(
                refreshes,
                attributes(service).toBuilder().put(OUTCOME, "success").build(),
                attributes(service).toBuilder().put(OUTCOME, "error").build());
    }

    Attributes attributes(ServiceName service) {
        return Attributes.of(TelemetryNames.SERVICE, service.value(), TelemetryNames.DEPLOYMENT_MODE, mode);
    }

    /** Close the result to unregister it. */
    ObservableDoubleGauge stalenessGauge(Consumer<ObservableDoubleMeasurement> callback) {
        return meter.gaugeBuilder(STALENESS)
                .setUnit("s")
                .setDescription("Seconds since Consul last answered for the service, while its queries fail"
                        + " (0 while the watch is up to date).")
                .buildWithCallback(callback);
    }

    record Refreshes(LongCounter counter, Attributes success, Attributes error) {
        void succeeded() {
            counter.add(1, success);
        }

        void failed() {
            counter.add(1, error);
        }
    }
}
