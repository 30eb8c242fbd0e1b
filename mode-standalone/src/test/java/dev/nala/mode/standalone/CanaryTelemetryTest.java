package dev.nala.mode.standalone;

import static dev.nala.mode.standalone.CanaryRoutingTest.call;
import static dev.nala.mode.standalone.StandaloneFactories.FAST_BACKOFF;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.mode.standalone.fixtures.CanaryInstances;
import dev.nala.mode.standalone.fixtures.NamedUpstream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code nala.subset} and {@code nala.subset.fallback} on every routed call's metrics and spans. */
class CanaryTelemetryTest {
    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private static final AttributeKey<String> SUBSET = AttributeKey.stringKey("nala.subset");
    private static final AttributeKey<Boolean> FALLBACK = AttributeKey.booleanKey("nala.subset.fallback");
    private static final Map<String, String> PINNED = Map.of("x-canary", "always");

    private final CanaryInstances instances = new CanaryInstances();

    @AfterEach
    void stop() {
        instances.close();
    }

    /** v1 = one upstream; v2 = {@code v2Endpoint}; pinned calls go to v2, the others to v1. */
    private OkHttpClient orders(String v2Endpoint) {
        NamedUpstream v1 = instances.start("v1-a");
        return instances.clientOf(StandaloneFactories.standalone(
                FAST_BACKOFF
                        + "nala.services.orders {\n"
                        + "  discovery = static, endpoints = [\"" + v1.endpoint() + "\", \"" + v2Endpoint + "\"]\n"
                        + "  subsets { v1 { endpoints = [\"" + v1.endpoint() + "\"] }, v2 { endpoints = [\""
                        + v2Endpoint + "\"] } }\n"
                        + "  routing { rules = [{ header = \"x-canary\", exact = \"always\", subset = v2 }],"
                        + " split { v1 = 100, v2 = 0 } }\n"
                        + "  retry.max-attempts = 1\n"
                        + "}\n",
                otel.getOpenTelemetry()));
    }

    private static String label(Attributes attributes) {
        return attributes.get(SUBSET) + (Boolean.TRUE.equals(attributes.get(FALLBACK)) ? " (fallback)" : "");
    }

    /** Calls per subset label in {@code http.client.request.duration}. */
    private static Map<String, Long> durationCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (MetricData metric : otel.getMetrics()) {
            if (metric.getName().equals("http.client.request.duration")) {
                for (HistogramPointData point : metric.getHistogramData().getPoints()) {
                    counts.merge(label(point.getAttributes()), point.getCount(), Long::sum);
                }
            }
        }
        return counts;
    }

    @Test
    void everyCallsMetricsAndSpansCarryItsSubset() throws IOException {
        NamedUpstream v2 = instances.start("v2-a");
        OkHttpClient client = orders(v2.endpoint());
        for (int i = 0; i < 20; i++) {
            assertThat(call(client, PINNED)).isEqualTo("v2-a");
            assertThat(call(client, Map.of())).isEqualTo("v1-a");
        }
        Map<String, Long> durations = durationCounts();
        System.out.println("http.client.request.duration counts by nala.subset: " + durations);
        assertThat(durations).isEqualTo(Map.of("v1", 20L, "v2", 20L));

        for (MetricData metric : otel.getMetrics()) {
            if (metric.getName().equals("nala.client.call.attempts")) {
                assertThat(metric.getHistogramData().getPoints())
                        .extracting(point -> label(point.getAttributes()) + " " + point.getCount())
                        .containsExactlyInAnyOrder("v1 20", "v2 20");
                assertThat(metric.getHistogramData().getPoints())
                        .allSatisfy(
                                point -> assertThat(point.getAttributes().get(AttributeKey.stringKey("nala.service")))
                                        .isEqualTo("orders"));
            }
        }
        List<SpanData> spans = otel.getSpans();
        assertThat(spans).hasSize(80); // a call span and an attempt span per call
        assertThat(spans)
                .allSatisfy(
                        span -> assertThat(span.getAttributes().get(FALLBACK)).isFalse());
        assertThat(spans.stream()
                        .filter(span -> "v2".equals(span.getAttributes().get(SUBSET))))
                .hasSize(40)
                .allSatisfy(span -> assertThat(span.getAttributes().get(AttributeKey.longKey("server.port")))
                        .isIn((long) v2.port(), 80L));
    }

    @Test
    void aCallThatFellBackCarriesTheSubsetChosenAndFallbackTrue() throws IOException {
        OkHttpClient client = orders("127.0.0.1:1"); // the canary refuses connections
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < 20; i++) {
            String outcome;
            try {
                outcome = call(client, PINNED);
            } catch (IOException e) {
                outcome = "failed";
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        Map<String, Long> durations = durationCounts();
        System.out.println("canary down, 20 pinned calls: " + outcomes + "; duration counts " + durations);
        assertThat(outcomes).isEqualTo(Map.of("failed", 5, "v1-a", 15));
        assertThat(durations).isEqualTo(Map.of("v2", 5L, "v2 (fallback)", 15L));
        assertThat(otel.getSpans().stream()
                        .filter(span -> Boolean.TRUE.equals(span.getAttributes().get(FALLBACK))))
                .hasSize(30)
                .allSatisfy(span -> assertThat(span.getAttributes().get(SUBSET)).isEqualTo("v2"));
    }
}
