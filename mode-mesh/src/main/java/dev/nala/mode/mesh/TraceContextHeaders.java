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
 * Puts W3C trace context ({@code traceparent}, {@code tracestate}) and {@code baggage} on every
 * call that has a trace to continue, so the sidecar's spans join the application's trace instead
 * of starting new ones.
 *
 * <p>Where the headers come from, first match wins:
 * <ol>
 *   <li>the factory's OpenTelemetry propagators, for the current context (with an SDK and an
 *       active span: that span's trace, the span as parent);
 *   <li>a valid current span that the propagators did not write as {@code traceparent} (no SDK
 *       propagators, or non-W3C ones): written in W3C form;
 *   <li>the inbound request's {@code traceparent} ({@link InboundRequest}): the same trace id
 *       and flags with a new parent id, as a proxy hop would send.
 * </ol>
 * With none of these there is no trace to join and no {@code traceparent} is sent: the sidecar
 * starts the trace and applies its own sampling. (A new trace with the sampled flag off would
 * make Envoy versions that follow the parent's flag skip tracing the call.)
 *
 * <p>{@code tracestate} only ever goes with the {@code traceparent} it belongs to: the
 * propagators' for their span (with an SDK that continued the inbound trace, the inbound
 * {@code tracestate} as the SDK parsed it, or none if it rejected it), or the inbound request's,
 * when Nala continues the inbound trace itself, only if it is valid ({@link InboundTraceState}).
 * An inbound header the SDK rejected is never put back. The inbound {@code baggage} is forwarded when no propagator wrote one.
 *
 * <p>A header the caller put on the request is never replaced. A caller's own
 * {@code traceparent} also keeps Nala from adding a {@code tracestate}, which belongs to it.
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

    /**
     * Adds the trace context headers for the current context and {@code inbound} (may be null)
     * that {@code request} lacks to {@code outgoing}.
     */
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

    /** No propagator output, no current span, no inbound traceparent. */
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
