package dev.nala.mode.mesh;

import dev.nala.InboundRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;

/**
 * Puts W3C trace context and {@code baggage} on every call that has a trace to continue, so the
 * sidecar's spans join the application's trace. Sources in order (propagators, the current span,
 * the inbound {@code traceparent}) and the {@code tracestate} rules: docs/mesh.md, "Trace context
 * and the headers Istio asks you to forward". With none, nothing is sent: a new unsampled trace
 * would make Envoy skip tracing. A header the caller set is never replaced.
 */
final class TraceContextHeaders {
    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    static final String BAGGAGE = "baggage";

    private static final TextMapSetter<Map<String, String>> SETTER =
            (carrier, key, value) -> carrier.putIfAbsent(key.toLowerCase(Locale.ROOT), value);

    private final TextMapPropagator propagator;
    private final boolean propagatorWritesNothing;

    TraceContextHeaders(TextMapPropagator propagator) {
        this.propagator = propagator;
        this.propagatorWritesNothing = propagator == TextMapPropagator.noop();
    }

    /** @param inbound may be null */
    void addTo(Request request, InboundRequest inbound, Request.Builder outgoing) {
        Context context = Context.current();
        if (nothingToContinue(context, inbound)) {
            // The common case without an SDK: no map, no propagator, only the inbound baggage.
            if (inbound != null && request.header(BAGGAGE) == null) {
                inbound.header(BAGGAGE).ifPresent(baggage -> outgoing.addHeader(BAGGAGE, baggage));
            }
            return;
        }
        boolean callerOwnsTrace = request.header(TRACEPARENT) != null;
        for (Map.Entry<String, String> header : headersFor(context, inbound).entrySet()) {
            String name = header.getKey();
            if (request.header(name) == null && !(callerOwnsTrace && name.equals(TRACESTATE))) {
                outgoing.header(name, header.getValue());
            }
        }
    }

    private boolean nothingToContinue(Context context, InboundRequest inbound) {
        return propagatorWritesNothing
                && !Span.fromContext(context).getSpanContext().isValid()
                && (inbound == null || inbound.header(TRACEPARENT).isEmpty());
    }

    private Map<String, String> headersFor(Context context, InboundRequest inbound) {
        Map<String, String> headers = new LinkedHashMap<>();
        propagator.inject(context, headers, SETTER);
        if (!headers.containsKey(TRACEPARENT)) {
            SpanContext current = Span.fromContext(context).getSpanContext();
            if (current.isValid()) {
                inject(current, headers);
            } else {
                TraceContinuation.continued(Optional.ofNullable(inbound)).ifPresent(continued -> {
                    inject(continued, headers);
                    TraceContinuation.traceState(inbound).ifPresent(state -> headers.putIfAbsent(TRACESTATE, state));
                });
            }
        }
        if (inbound != null) {
            forwardInbound(inbound, headers);
        }
        return headers;
    }

    private static void inject(SpanContext span, Map<String, String> headers) {
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(Span.wrap(span)), headers, SETTER);
    }

    private static void forwardInbound(InboundRequest inbound, Map<String, String> headers) {
        inbound.header(BAGGAGE).ifPresent(baggage -> headers.putIfAbsent(BAGGAGE, baggage));
    }
}
