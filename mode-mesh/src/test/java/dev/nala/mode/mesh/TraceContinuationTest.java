package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceContinuationTest {
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier.get(key);
        }
    };

    private static SpanContext parsedByOpenTelemetry(String traceparent) {
        Context extracted = W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), Map.of("traceparent", traceparent), GETTER);
        return Span.fromContext(extracted).getSpanContext();
    }

    @Test
    void aNewTraceparentIsWhatOpenTelemetrysW3cParserReadsBackUnsampled() {
        Set<String> traceIds = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String header = TraceContinuation.newTraceparent();
            assertThat(header).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");

            SpanContext parsed = parsedByOpenTelemetry(header);
            assertThat(parsed.isValid()).as(header).isTrue();
            assertThat(parsed.isSampled()).isFalse();
            assertThat(header).isEqualTo("00-" + parsed.getTraceId() + "-" + parsed.getSpanId() + "-00");
            traceIds.add(parsed.getTraceId());
        }
        assertThat(traceIds).hasSize(2_000);
    }

    @Test
    void everyHexDigitIsWrittenInItsPlace() {
        // 2,000 random ids put each of the 16 digits in each of the 48 places with near certainty.
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String header = TraceContinuation.newTraceparent();
            for (int position : List.of(3, 18, 19, 34, 36, 51)) {
                seen.add(position + ":" + header.charAt(position));
            }
        }
        assertThat(seen).hasSize(6 * 16);
    }
}
