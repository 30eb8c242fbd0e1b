package dev.nala.mode.mesh;

import dev.nala.InboundRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Puts W3C trace context ({@code traceparent}, {@code tracestate}) and {@code baggage} on every
 * call, so the sidecar's spans join the application's trace instead of starting new ones.
 *
 * <p>Where the headers come from, first match wins:
 * <ol>
 *   <li>the factory's OpenTelemetry propagators, for the current context (with an SDK and an
 *       active span: that span's trace, the span as parent);
 *   <li>a valid current span that the propagators did not write as {@code traceparent} (no SDK
 *       propagators, or non-W3C ones): written in W3C form;
 *   <li>the inbound request's {@code traceparent} ({@link InboundRequest}): the same trace id
 *       and flags with a new parent id, as a proxy hop would send;
 *   <li>a new random trace, sampled flag off (nothing in the application recorded it).
 * </ol>
 * The inbound {@code tracestate} and {@code baggage} are forwarded when nothing newer was
 * written and (for {@code tracestate}) the trace is the inbound one.
 *
 * <p>A header the caller put on the request is never replaced. A caller's own
 * {@code traceparent} also keeps Nala from adding a {@code tracestate}, which belongs to it.
 */
final class TraceContextInjection implements Interceptor {
    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    static final String BAGGAGE = "baggage";

    private static final TextMapSetter<Map<String, String>> SETTER =
            (carrier, key, value) -> carrier.putIfAbsent(key.toLowerCase(Locale.ROOT), value);

    private final TextMapPropagator propagator;

    TraceContextInjection(TextMapPropagator propagator) {
        this.propagator = propagator;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Map<String, String> headers = headersFor(Context.current(), InboundRequest.current());
        boolean callerOwnsTrace = request.header(TRACEPARENT) != null;
        Request.Builder outgoing = null;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (request.header(name) != null || (callerOwnsTrace && name.equals(TRACESTATE))) {
                continue;
            }
            if (outgoing == null) {
                outgoing = request.newBuilder();
            }
            outgoing.header(name, header.getValue());
        }
        return chain.proceed(outgoing == null ? request : outgoing.build());
    }

    private Map<String, String> headersFor(Context context, Optional<InboundRequest> inbound) {
        Map<String, String> headers = new LinkedHashMap<>();
        propagator.inject(context, headers, SETTER);
        if (!headers.containsKey(TRACEPARENT)) {
            SpanContext current = Span.fromContext(context).getSpanContext();
            Optional<SpanContext> next = current.isValid() ? Optional.of(current) : TraceContinuation.continued(inbound);
            if (next.isPresent()) {
                W3CTraceContextPropagator.getInstance().inject(Context.root().with(Span.wrap(next.get())), headers, SETTER);
            } else {
                headers.put(TRACEPARENT, TraceContinuation.newTraceparent());
            }
        }
        if (inbound.isPresent()) {
            forwardInbound(inbound.get(), headers);
        }
        return headers;
    }

    private void forwardInbound(InboundRequest inbound, Map<String, String> headers) {
        inbound.header(BAGGAGE).ifPresent(baggage -> headers.putIfAbsent(BAGGAGE, baggage));
        Optional<String> inboundTraceId = TraceContinuation.traceId(inbound.headers());
        if (inboundTraceId.isPresent() && inboundTraceId.equals(TraceContinuation.traceId(headers))) {
            inbound.header(TRACESTATE).ifPresent(state -> headers.putIfAbsent(TRACESTATE, state));
        }
    }
}
