package dev.nala.mode.mesh;

import dev.nala.InboundRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The trace context to send when no OpenTelemetry SDK supplies one: the inbound request's trace
 * continued with a new parent id (parsed by the OpenTelemetry API's own W3C implementation), or
 * a new trace, written directly.
 */
final class TraceContinuation {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
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

    /**
     * A {@code traceparent} for a new trace, sampled flag off, written directly. It runs on every
     * call made without an SDK and without an inbound trace, where going through
     * {@link SpanContext} (which checks the ids it was just given) and the propagator cost a
     * quarter of mesh mode's chain.
     */
    static String newTraceparent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long traceHigh;
        long traceLow;
        do {
            traceHigh = random.nextLong();
            traceLow = random.nextLong();
        } while (traceHigh == 0 && traceLow == 0);
        long spanId = nonZeroLong();
        // version "00", 32 hex digits of trace id, 16 of span id, flags "00" (not sampled)
        byte[] header = new byte[55];
        header[0] = '0';
        header[1] = '0';
        header[2] = '-';
        writeHex(traceHigh, header, 3);
        writeHex(traceLow, header, 19);
        header[35] = '-';
        writeHex(spanId, header, 36);
        header[52] = '-';
        header[53] = '0';
        header[54] = '0';
        return new String(header, StandardCharsets.ISO_8859_1);
    }

    private static void writeHex(long value, byte[] into, int offset) {
        for (int i = 15; i >= 0; i--) {
            into[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
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
