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

    /**
     * The value last sent. The deadline is armed just before the header is written, so nearly every
     * call sends its whole call-timeout less a fraction of a millisecond, the same text each time.
     */
    private volatile SentValue last = new SentValue(-1, "");

    private record SentValue(long millis, String text) {}

    /**
     * Adds the time left until {@code deadlineNanos}, in whole milliseconds and at least 1, unless
     * the caller set the header. Only for plain HTTP: the sidecar cannot read headers inside TLS.
     */
    void addTo(Request request, long deadlineNanos, Request.Builder outgoing) {
        if (request.isHttps() || request.header(HEADER) != null) {
            return;
        }
        long leftMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(CallDeadline.remainingNanos(deadlineNanos)));
        SentValue sent = last;
        if (sent.millis() != leftMillis) {
            sent = new SentValue(leftMillis, Long.toString(leftMillis));
            last = sent;
        }
        outgoing.addHeader(HEADER, sent.text());
    }
}
