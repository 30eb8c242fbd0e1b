package dev.nala.examples;

import dev.nala.Environment;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.Optional;

/**
 * The demo's OpenTelemetry SDK, built the way an application builds one (Nala itself never
 * configures an exporter). Spans are always recorded (and counted by {@link SpanCount}), so every
 * call carries a sampled {@code traceparent}; metrics go to an {@link InMemoryMetrics} reader for
 * the report.
 *
 * <p>When {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set (for example {@code http://localhost:4318},
 * Jaeger's or an OpenTelemetry Collector's OTLP/HTTP port), spans and metrics are also exported
 * there over OTLP/HTTP ({@code /v1/traces}, {@code /v1/metrics}), with the service name
 * {@code OTEL_SERVICE_NAME}, default {@code nala-demo}. {@code OTEL_METRICS_EXPORTER=none} keeps
 * metrics local, for a backend such as Jaeger that only takes traces.
 */
final class DemoTelemetry implements AutoCloseable {
    static final String ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String DEFAULT_SERVICE_NAME = "nala-demo";

    private final OpenTelemetrySdk sdk;
    private final InMemoryMetrics metrics;
    private final SpanCount spans;
    private final String exportTarget;

    private DemoTelemetry(OpenTelemetrySdk sdk, InMemoryMetrics metrics, SpanCount spans, String exportTarget) {
        this.sdk = sdk;
        this.metrics = metrics;
        this.spans = spans;
        this.exportTarget = exportTarget;
    }

    static DemoTelemetry create(Environment environment) {
        Optional<String> endpoint =
                environment.variable(ENDPOINT_VARIABLE).map(String::trim).filter(s -> !s.isEmpty());
        String serviceName = environment
                .variable("OTEL_SERVICE_NAME")
                .filter(s -> !s.isBlank())
                .orElse(DEFAULT_SERVICE_NAME);
        boolean exportMetrics = !environment
                .variable("OTEL_METRICS_EXPORTER")
                .orElse("otlp")
                .trim()
                .equalsIgnoreCase("none");
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), serviceName)));

        InMemoryMetrics metrics = new InMemoryMetrics();
        SpanCount spans = new SpanCount();
        SdkTracerProviderBuilder tracing =
                SdkTracerProvider.builder().setResource(resource).addSpanProcessor(spans);
        SdkMeterProviderBuilder metering =
                SdkMeterProvider.builder().setResource(resource).registerMetricReader(metrics);
        if (endpoint.isPresent()) {
            String base = endpoint.get().endsWith("/")
                    ? endpoint.get().substring(0, endpoint.get().length() - 1)
                    : endpoint.get();
            tracing.addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                            .setEndpoint(base + "/v1/traces")
                            .build())
                    .build());
            if (exportMetrics) {
                metering.registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
                                .setEndpoint(base + "/v1/metrics")
                                .build())
                        .build());
            }
        }
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracing.build())
                .setMeterProvider(metering.build())
                .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
                .build();
        String target = endpoint.map(e -> e + " (OTLP/HTTP, service.name=" + serviceName
                        + (exportMetrics ? ", traces and metrics)" : ", traces only)"))
                .orElse(null);
        return new DemoTelemetry(sdk, metrics, spans, target);
    }

    /** What to hand to {@code HttpClientFactory.builder().openTelemetry(...)}. */
    OpenTelemetry openTelemetry() {
        return sdk;
    }

    /** Nala's metrics so far. */
    InMemoryMetrics metrics() {
        return metrics;
    }

    /** Spans recorded so far (Nala's call and attempt spans). */
    long spansEnded() {
        return spans.ended();
    }

    /** Where spans and metrics are exported, if anywhere. */
    Optional<String> exportTarget() {
        return Optional.ofNullable(exportTarget);
    }

    /** Flushes the last spans and metrics to the exporter, if any, and shuts the SDK down. */
    @Override
    public void close() {
        sdk.close();
    }
}
