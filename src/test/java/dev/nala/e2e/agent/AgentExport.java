package dev.nala.e2e.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent's {@code experimental-otlp/stdout} exporters printed: OTLP JSON, one export
 * request per line ({@code {"resourceSpans":...}} or {@code {"resourceMetrics":...}}), read back
 * into the spans and the histogram points the test checks.
 */
final class AgentExport {
    /** OTLP's span kinds, as the JSON encoding writes them. */
    static final int SERVER = 2;

    static final int CLIENT = 3;

    /** One finished span: its scope, ids, kind and attributes (values as strings). */
    record ExportedSpan(
            String scope,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            int kind,
            Map<String, String> attributes) {}

    /** One histogram data point with its count (cumulative: the last export holds the total). */
    record HistogramPoint(String scope, String metric, Map<String, String> attributes, long count) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ExportedSpan> spans = new ArrayList<>();
    /** Per scope, metric and attributes: the point of the latest export. */
    private final Map<String, HistogramPoint> points = new HashMap<>();

    private AgentExport() {}

    static AgentExport parse(List<String> lines) {
        AgentExport export = new AgentExport();
        for (String line : lines) {
            if (!line.startsWith("{\"resource")) {
                continue;
            }
            try {
                JsonNode root = JSON.readTree(line);
                root.path("resourceSpans")
                        .forEach(resource -> resource.path("scopeSpans").forEach(export::readSpans));
                root.path("resourceMetrics")
                        .forEach(resource -> resource.path("scopeMetrics").forEach(export::readMetrics));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "not OTLP JSON (" + line.length() + " characters, starting "
                                + line.substring(0, Math.min(200, line.length())) + ")",
                        e);
            }
        }
        return export;
    }

    private void readSpans(JsonNode scopeSpans) {
        String scope = scopeSpans.path("scope").path("name").asText();
        for (JsonNode span : scopeSpans.path("spans")) {
            spans.add(new ExportedSpan(
                    scope,
                    span.path("traceId").asText(),
                    span.path("spanId").asText(),
                    span.path("parentSpanId").asText(""),
                    span.path("name").asText(),
                    span.path("kind").asInt(),
                    attributes(span.path("attributes"))));
        }
    }

    private void readMetrics(JsonNode scopeMetrics) {
        String scope = scopeMetrics.path("scope").path("name").asText();
        for (JsonNode metric : scopeMetrics.path("metrics")) {
            String name = metric.path("name").asText();
            for (JsonNode point : metric.path("histogram").path("dataPoints")) {
                Map<String, String> attributes = attributes(point.path("attributes"));
                HistogramPoint histogramPoint = new HistogramPoint(
                        scope, name, attributes, point.path("count").asLong());
                points.put(scope + "|" + name + "|" + attributes, histogramPoint);
            }
        }
    }

    private static Map<String, String> attributes(JsonNode list) {
        Map<String, String> attributes = new HashMap<>();
        for (JsonNode attribute : list) {
            JsonNode value = attribute.path("value");
            String text = value.has("stringValue")
                    ? value.get("stringValue").asText()
                    : value.has("intValue")
                            ? value.get("intValue").asText()
                            : value.has("boolValue")
                                    ? value.get("boolValue").asText()
                                    : value.has("doubleValue")
                                            ? value.get("doubleValue").asText()
                                            : value.toString();
            attributes.put(attribute.path("key").asText(), text);
        }
        return attributes;
    }

    List<ExportedSpan> spans() {
        return List.copyOf(spans);
    }

    List<ExportedSpan> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    List<HistogramPoint> histogramPoints(String metric) {
        return points.values().stream()
                .filter(point -> point.metric().equals(metric))
                .toList();
    }
}
