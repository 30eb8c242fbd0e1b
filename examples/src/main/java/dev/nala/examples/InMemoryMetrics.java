package dev.nala.examples;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.ArrayList;
import java.util.List;

/**
 * A metric reader the demo asks for Nala's metrics at any moment (cumulative totals since the
 * start), to print them in its report. An application would register an exporter's
 * {@code PeriodicMetricReader} instead; the demo registers both when it exports.
 */
final class InMemoryMetrics implements MetricReader {
    private static final AttributeKey<String> MODE = AttributeKey.stringKey("nala.deployment_mode");

    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    @Override
    public void register(CollectionRegistration collectionRegistration) {
        this.registration = collectionRegistration;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        registration = CollectionRegistration.noop();
        return CompletableResultCode.ofSuccess();
    }

    /** The sum of all recorded values of a histogram, over the points of one deployment mode. */
    double histogramSum(String name, String mode) {
        double sum = 0;
        for (MetricData metric : metrics(name)) {
            if (metric.getType() == MetricDataType.HISTOGRAM) {
                for (HistogramPointData point : metric.getHistogramData().getPoints()) {
                    if (mode.equals(point.getAttributes().get(MODE))) {
                        sum += point.getSum();
                    }
                }
            }
        }
        return sum;
    }

    /** The points of a long counter in one deployment mode, with their attributes. */
    List<LongPointData> counterPoints(String name, String mode) {
        List<LongPointData> points = new ArrayList<>();
        for (MetricData metric : metrics(name)) {
            if (metric.getType() == MetricDataType.LONG_SUM) {
                for (LongPointData point : metric.getLongSumData().getPoints()) {
                    if (mode.equals(point.getAttributes().get(MODE))) {
                        points.add(point);
                    }
                }
            }
        }
        return points;
    }

    /** The total of a long counter in one deployment mode. */
    long counterTotal(String name, String mode) {
        return counterPoints(name, mode).stream()
                .mapToLong(LongPointData::getValue)
                .sum();
    }

    private List<MetricData> metrics(String name) {
        return registration.collectAllMetrics().stream()
                .filter(metric -> metric.getName().equals(name))
                .toList();
    }
}
