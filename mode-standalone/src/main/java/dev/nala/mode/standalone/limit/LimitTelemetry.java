package dev.nala.mode.standalone.limit;

import dev.nala.internal.ServiceName;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.util.Collection;
import java.util.function.Supplier;

/** {@code nala.client.concurrency.limit} and {@code nala.client.concurrency.rejections}, per service. */
final class LimitTelemetry implements AutoCloseable {
    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("nala.service");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("nala.rejection_reason");
    static final AttributeKey<String> MODE = AttributeKey.stringKey("nala.deployment_mode");

    /** Why an attempt was refused; the values of {@code nala.rejection_reason}. */
    enum Rejection {
        /** Over the limit with {@code when-exceeded = fail}. */
        OVER_LIMIT("over_limit"),
        /** {@code max-queued} attempts were already waiting. */
        QUEUE_FULL("queue_full"),
        /** No place within {@code max-wait} or the call's deadline. */
        WAIT_TIMEOUT("wait_timeout");

        final String value;

        Rejection(String value) {
            this.value = value;
        }
    }

    private final LongCounter rejections;
    private final ObservableLongGauge limits;

    LimitTelemetry(OpenTelemetry openTelemetry, Supplier<Collection<ServiceLimit>> services) {
        Meter meter = openTelemetry.getMeter("dev.nala");
        rejections = meter.counterBuilder("nala.client.concurrency.rejections")
                .setUnit("{attempt}")
                .setDescription("Attempts not sent because the service was at its adaptive concurrency limit")
                .build();
        limits = meter.gaugeBuilder("nala.client.concurrency.limit")
                .ofLongs()
                .setUnit("{attempt}")
                .setDescription("A service's adaptive concurrency limit: attempts allowed in flight at once")
                .buildWithCallback(measurement -> {
                    for (ServiceLimit limit : services.get()) {
                        measurement.record(
                                limit.limit(),
                                Attributes.of(SERVICE, limit.service().value(), MODE, "standalone"));
                    }
                });
    }

    void rejected(ServiceName service, Rejection why) {
        rejections.add(1, Attributes.of(SERVICE, service.value(), REASON, why.value, MODE, "standalone"));
    }

    @Override
    public void close() {
        limits.close();
    }
}
