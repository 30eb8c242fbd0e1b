package dev.nala.mode.standalone.balancing;

import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.util.Collection;
import java.util.function.Supplier;

/** {@code nala.client.endpoint.ejections} and {@code nala.client.endpoints.healthy}. */
final class BalancingTelemetry implements AutoCloseable {
    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("nala.service");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> MODE = AttributeKey.stringKey("nala.deployment_mode");

    private final LongCounter ejections;
    private ObservableLongGauge healthy;

    BalancingTelemetry(OpenTelemetry openTelemetry) {
        Meter meter = openTelemetry.getMeter("dev.nala");
        ejections = meter.counterBuilder("nala.client.endpoint.ejections")
                .setUnit("{ejection}")
                .setDescription("Endpoints taken out of load balancing by outlier detection")
                .build();
    }

    /** Starts the healthy-endpoints gauge over the given pools. */
    void observe(OpenTelemetry openTelemetry, Supplier<Collection<EndpointPool>> pools) {
        healthy = openTelemetry
                .getMeter("dev.nala")
                .gaugeBuilder("nala.client.endpoints.healthy")
                .ofLongs()
                .setUnit("{endpoint}")
                .setDescription("Endpoints of a service in load balancing: discovered and not ejected")
                .buildWithCallback(measurement -> {
                    for (EndpointPool pool : pools.get()) {
                        measurement.record(
                                pool.healthyCount(),
                                Attributes.of(SERVICE, pool.service().value(), MODE, "standalone"));
                    }
                });
    }

    void ejected(ServiceName service, Endpoint endpoint) {
        ejections.add(
                1,
                Attributes.of(
                        SERVICE,
                        service.value(),
                        SERVER_ADDRESS,
                        endpoint.host(),
                        SERVER_PORT,
                        (long) endpoint.port(),
                        MODE,
                        "standalone"));
    }

    @Override
    public void close() {
        if (healthy != null) {
            healthy.close();
        }
    }
}
