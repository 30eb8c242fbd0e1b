package dev.nala.mode.mesh;

import dev.nala.InboundRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The inbound trace continued with a new parent id, as W3C Trace Context level 2 asks of a
 * participant that does not trace itself; for when no SDK supplies a context.
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

    private static final int KNOWN_FLAG_BITS = 0x03;

    private TraceContinuation() {}

    /** Other flag bits are zeroed, as the specification requires of a vendor that does not know them. */
    static Optional<SpanContext> continued(Optional<InboundRequest> inbound) {
        return inbound.flatMap(request -> parse(request.headers()))
                .map(parent -> SpanContext.create(
                        parent.getTraceId(),
                        SpanId.fromLong(nonZeroLong()),
                        knownFlags(parent.getTraceFlags()),
                        TraceState.getDefault()));
    }

    /** Only if it is valid. */
    static Optional<String> traceState(InboundRequest inbound) {
        return inbound.header(TraceContextHeaders.TRACESTATE).flatMap(InboundTraceState::valid);
    }

    static TraceFlags knownFlags(TraceFlags flags) {
        return TraceFlags.fromByte((byte) (flags.asByte() & KNOWN_FLAG_BITS));
    }

    private static Optional<SpanContext> parse(Map<String, String> headers) {
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
        SpanContext parsed = Span.fromContext(extracted).getSpanContext();
        return parsed.isValid() ? Optional.of(parsed) : Optional.empty();
    }

    /** An all-zero span id is invalid. */
    private static long nonZeroLong() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long value;
        do {
            value = random.nextLong();
        } while (value == 0);
        return value;
    }
}
