package dev.nala.mode.standalone;

import static dev.nala.mode.standalone.StandaloneFactories.FAST_BACKOFF;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without an OpenTelemetry SDK an attempt records nothing, but with a propagator configured the
 * caller's trace context still goes on the wire; with neither, no trace header is sent.
 */
class AttemptTraceContextWithoutSdkTest {
    private static final SpanContext CALLER = SpanContext.create(
            "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

    private MockWebServer upstream;

    @BeforeEach
    void start() throws IOException {
        upstream = Upstreams.started();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void aPropagatorWithoutAnSdkStillSendsTheCallersTraceContext() throws Exception {
        OpenTelemetry propagatingOnly =
                OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
        assertThat(traceparentSent(propagatingOnly))
                .isEqualTo("00-" + CALLER.getTraceId() + "-" + CALLER.getSpanId() + "-01");
    }

    @Test
    void neitherSdkNorPropagatorSendsNoTraceHeader() throws Exception {
        assertThat(traceparentSent(OpenTelemetry.noop())).isNull();
    }

    private String traceparentSent(OpenTelemetry openTelemetry) throws Exception {
        upstream.enqueue(new MockResponse.Builder().body("ok").build());
        try (HttpClientFactory factory = StandaloneFactories.standalone(FAST_BACKOFF, openTelemetry);
                Scope scope = Span.wrap(CALLER).makeCurrent();
                Response response = factory.client()
                        .newCall(new Request.Builder().url(upstream.url("/")).build())
                        .execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        RecordedRequest recorded = upstream.takeRequest(5, TimeUnit.SECONDS);
        return recorded.getHeaders().get("traceparent");
    }
}
