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
 * The trace context to send when no OpenTelemetry SDK supplies one: the inbound request's trace
 * continued with a new parent id, as W3C Trace Context (level 2) asks of a participant that does
 * not trace itself. Parsed by the OpenTelemetry API's own W3C implementation, so an inbound
 * {@code traceparent} it rejects (a bad version, field or length) continues nothing. The inbound
 * {@code tracestate} goes with it only if it is valid ({@link InboundTraceState}).
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

    /** The trace-flags bits W3C Trace Context level 2 defines: sampled and random. */
    private static final int KNOWN_FLAG_BITS = 0x03;

    private TraceContinuation() {}

    /**
     * The inbound trace with a new parent id, the flags this level of the specification defines
     * (sampled, random; any other bit is zeroed, as it requires of a vendor that does not know
     * them); empty without a valid inbound {@code traceparent}. Its {@code tracestate} is
     * {@link #traceState}'s.
     */
    static Optional<SpanContext> continued(Optional<InboundRequest> inbound) {
        return inbound.flatMap(request -> parse(request.headers()))
                .map(parent -> SpanContext.create(
                        parent.getTraceId(),
                        SpanId.fromLong(nonZeroLong()),
                        knownFlags(parent.getTraceFlags()),
                        TraceState.getDefault()));
    }

    /** The inbound {@code tracestate} to send with {@link #continued}'s trace, if it is valid. */
    static Optional<String> traceState(InboundRequest inbound) {
        return inbound.header(TraceContextHeaders.TRACESTATE).flatMap(InboundTraceState::valid);
    }

    /** The sampled (0x01) and random (0x02) bits of {@code flags}, the others zeroed. */
    static TraceFlags knownFlags(TraceFlags flags) {
        return TraceFlags.fromByte((byte) (flags.asByte() & KNOWN_FLAG_BITS));
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
