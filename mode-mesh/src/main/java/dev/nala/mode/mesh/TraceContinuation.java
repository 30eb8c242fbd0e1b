package dev.nala.mode.mesh;

import dev.nala.InboundRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The trace context to send when no OpenTelemetry SDK supplies one: the inbound request's trace
 * continued with a new parent id (parsed by the OpenTelemetry API's own W3C implementation).
 */
final class TraceContinuation {
    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContinuation() {}

    /** The inbound trace with a new parent id and the same flags, if the inbound request has a valid one. */
    static Optional<SpanContext> continued(Optional<InboundRequest> inbound) {
        return inbound.flatMap(request -> parse(request.headers()))
                .map(parent -> SpanContext.create(parent.getTraceId(), SpanId.fromLong(nonZeroLong()),
                        parent.getTraceFlags(), TraceState.getDefault()));
    }

    /** The trace id in the {@code traceparent} of these lower-case headers, if it is valid. */
    static Optional<String> traceId(Map<String, String> headers) {
        return parse(headers).map(SpanContext::getTraceId);
    }

    private static Optional<SpanContext> parse(Map<String, String> headers) {
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
        SpanContext parsed = Span.fromContext(extracted).getSpanContext();
        return parsed.isValid() ? Optional.of(parsed) : Optional.empty();
    }

    /** A random long other than zero (an all-zero span id is invalid in W3C trace context). */
    private static long nonZeroLong() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long value;
        do {
            value = random.nextLong();
        } while (value == 0);
        return value;
    }
}
