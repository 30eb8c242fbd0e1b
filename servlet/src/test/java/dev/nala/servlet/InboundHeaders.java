package dev.nala.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import okhttp3.Headers;
import okhttp3.Request;

/** The tracing headers an Istio sidecar hands the application, and what mesh mode must send on. */
final class InboundHeaders {
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT_ID = "00f067aa0ba902b7";
    static final String REQUEST_ID = "7f3c2a9e-1b2d-4c5e-8f90-a1b2c3d4e5f6";

    private static final List<String> TRACING =
            List.of("traceparent", "tracestate", "x-request-id", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "b3");

    private InboundHeaders() {}

    /** {@code request} with Istio's tracing headers and a credential that must never travel on. */
    static Request.Builder istio(Request.Builder request) {
        return request.header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01")
                .header("tracestate", "congo=t61rcWkgMzE")
                .header("X-Request-Id", REQUEST_ID)
                .header("X-B3-TraceId", TRACE_ID)
                .header("X-B3-SpanId", PARENT_ID)
                .header("X-B3-Sampled", "1")
                .header("Authorization", "Bearer never-forwarded");
    }

    /** The same trace continued one hop on, the same request id and B3 context, no credential. */
    static void assertForwarded(Headers sent) {
        assertThat(sent.get("traceparent")).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
        assertThat(sent.get("traceparent")).doesNotContain(PARENT_ID);
        assertThat(sent.get("tracestate")).isEqualTo("congo=t61rcWkgMzE");
        assertThat(sent.get("x-request-id")).isEqualTo(REQUEST_ID);
        assertThat(sent.get("x-b3-traceid")).isEqualTo(TRACE_ID);
        assertThat(sent.get("x-b3-spanid")).isEqualTo(PARENT_ID);
        assertThat(sent.get("x-b3-sampled")).isEqualTo("1");
        assertThat(sent.get("authorization")).isNull();
    }

    /** No tracing header at all: nothing of an earlier request came along. */
    static void assertNoneForwarded(Headers sent) {
        for (String name : TRACING) {
            assertThat(sent.get(name)).as(name).isNull();
        }
    }
}
