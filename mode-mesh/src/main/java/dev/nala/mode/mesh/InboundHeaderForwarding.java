package dev.nala.mode.mesh;

import dev.nala.InboundRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Request;

/**
 * Copies the inbound request's tracing headers ({@link InboundRequest#FORWARDED_HEADERS}) onto
 * every call made while handling it: Envoy's {@code x-request-id}, B3, and older tracers'
 * headers. Istio can only stitch a trace together when the application does this.
 *
 * <p>W3C {@code traceparent}, {@code tracestate} and {@code baggage} are
 * {@link TraceContextHeaders}' job. A header already on the request (set by the caller or by
 * a propagator) is never replaced, and the B3 headers go as a set: if the request carries any
 * B3 header, none of the inbound ones is added, so two different B3 contexts never mix.
 */
final class InboundHeaderForwarding {
    private static final Set<String> W3C =
            Set.of(TraceContextHeaders.TRACEPARENT, TraceContextHeaders.TRACESTATE, TraceContextHeaders.BAGGAGE);
    private static final List<String> B3 =
            List.of("b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags");

    /** Adds {@code inbound}'s forwarded headers that {@code request} lacks to {@code outgoing}. */
    void addTo(Request request, InboundRequest inbound, Request.Builder outgoing) {
        boolean requestHasB3 = false;
        for (String name : B3) {
            requestHasB3 |= request.header(name) != null;
        }
        for (Map.Entry<String, String> header : inbound.headers().entrySet()) {
            String name = header.getKey();
            boolean skip = W3C.contains(name) || request.header(name) != null || (requestHasB3 && B3.contains(name));
            if (!skip) {
                outgoing.header(name, header.getValue());
            }
        }
    }
}
