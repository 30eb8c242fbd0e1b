package dev.nala.mode.mesh;

import dev.nala.InboundRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Request;

/**
 * Copies the inbound request's tracing headers other than W3C ones onto every call made while
 * handling it (docs/mesh.md, "Trace context and the headers Istio asks you to forward"). A header
 * already on the request is never replaced, and B3 headers go as a set, so two B3 contexts never mix.
 */
final class InboundHeaderForwarding {
    private static final Set<String> W3C =
            Set.of(TraceContextHeaders.TRACEPARENT, TraceContextHeaders.TRACESTATE, TraceContextHeaders.BAGGAGE);
    private static final List<String> B3 =
            List.of("b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags");

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
