package dev.nala.mode.standalone;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** An OpenTelemetry SDK whose metrics a test reads back. */
public final class Metrics implements AutoCloseable {
    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build();

    public OpenTelemetry openTelemetry() {
        return sdk;
    }

    /** Every point of the long metric {@code name} (sum or gauge), collected now. */
    public List<LongPointData> points(String name) {
        Collection<MetricData> all = reader.collectAllMetrics();
        List<LongPointData> points = new ArrayList<>();
        for (MetricData metric : all) {
            if (!metric.getName().equals(name)) {
                continue;
            }
            switch (metric.getType()) {
                case LONG_SUM:
                    points.addAll(metric.getLongSumData().getPoints());
                    break;
                case LONG_GAUGE:
                    points.addAll(metric.getLongGaugeData().getPoints());
                    break;
                default:
                    throw new AssertionError(name + " is a " + metric.getType());
            }
        }
        return points;
    }

    /** The value of the point of {@code name} whose string attributes include {@code attributes}; 0 if none. */
    public long value(String name, Map<String, String> attributes) {
        long total = 0;
        for (LongPointData point : points(name)) {
            boolean matches = attributes.entrySet().stream().allMatch(wanted ->
                    wanted.getValue().equals(point.getAttributes().get(AttributeKey.stringKey(wanted.getKey()))));
            if (matches) {
                total += point.getValue();
            }
        }
        return total;
    }

    @Override
    public void close() {
        sdk.close();
    }
}
