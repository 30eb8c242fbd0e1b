package dev.nala.mode.mesh;

import dev.nala.internal.CallDeadline;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;

/**
 * Tells the sidecar how long the caller still waits, so Envoy ends its retries then
 * (docs/mesh.md, "The deadline handed to the sidecar").
 */
final class SidecarDeadline {
    /** Envoy's per-request override of the route timeout, which includes every retry. */
    static final String HEADER = "x-envoy-upstream-rq-timeout-ms";

    private SidecarDeadline() {}

    /**
     * Adds the time left until {@code deadlineNanos}, in whole milliseconds and at least 1, unless
     * the caller set the header. Only for plain HTTP: the sidecar cannot read headers inside TLS.
     */
    static void addTo(Request request, long deadlineNanos, Request.Builder outgoing) {
        if (request.isHttps() || request.header(HEADER) != null) {
            return;
        }
        long leftMillis = TimeUnit.NANOSECONDS.toMillis(CallDeadline.remainingNanos(deadlineNanos));
        outgoing.addHeader(HEADER, Long.toString(Math.max(1, leftMillis)));
    }
}
