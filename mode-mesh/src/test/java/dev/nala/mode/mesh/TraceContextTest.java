package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import dev.nala.InboundRequest;
import dev.nala.testing.Enqueued;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** W3C trace context goes out on every call that has a trace to continue, with or without an OpenTelemetry SDK. */
class TraceContextTest {
    /** version 00, 32 hex trace id, 16 hex parent id, 2 hex flags; all-zero ids are invalid. */
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private static final String INBOUND_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String INBOUND_PARENT_ID = "00f067aa0ba902b7";
    private static final String INBOUND = "00-" + INBOUND_TRACE_ID + "-" + INBOUND_PARENT_ID + "-01";

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private final MockWebServer upstream = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private Headers send(HttpClientFactory factory, Request.Builder request) throws Exception {
        upstream.enqueue(new MockResponse.Builder().build());
        try (Response response = factory.client()
                .newCall(request.url(upstream.url("/charge")).build())
                .execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        RecordedRequest recorded = upstream.takeRequest(5, TimeUnit.SECONDS);
        return recorded.getHeaders();
    }

    private Headers send(HttpClientFactory factory) throws Exception {
        return send(factory, new Request.Builder());
    }

    private static Matcher valid(String traceparent) {
        assertThat(traceparent).isNotNull();
        Matcher matcher = TRACEPARENT.matcher(traceparent);
        assertThat(matcher.matches()).as("valid traceparent: %s", traceparent).isTrue();
        assertThat(matcher.group(1)).isNotEqualTo("0".repeat(32));
        assertThat(matcher.group(2)).isNotEqualTo("0".repeat(16));
        return matcher;
    }

    private static InboundRequest inbound(Map<String, String> headers) {
        return InboundRequest.of(headers::get);
    }

    @Test
    void withoutAnSdkOrAnInboundTraceNoTraceparentIsSentSoTheSidecarStartsTheTrace() throws Exception {
        try (HttpClientFactory factory = MeshFactories.mesh()) {
            Headers headers = send(factory);
            assertThat(headers.get("traceparent")).isNull();
            assertThat(headers.get("tracestate")).isNull();
        }
    }

    @Test
    void withoutAnSdkTheInboundTraceContinuesWithANewParentId() throws Exception {
        InboundRequest request = inbound(Map.of(
                "traceparent", INBOUND,
                "tracestate", "congo=t61rcWkgMzE",
                "baggage", "tenant=acme"));
        try (HttpClientFactory factory = MeshFactories.mesh();
                Scope scope = request.makeCurrent()) {
            Headers headers = send(factory);
            Matcher sent = valid(headers.get("traceparent"));
            assertThat(sent.group(1)).isEqualTo(INBOUND_TRACE_ID);
            assertThat(sent.group(2)).isNotEqualTo(INBOUND_PARENT_ID);
            assertThat(sent.group(3)).isEqualTo("01");
            assertThat(headers.get("tracestate")).isEqualTo("congo=t61rcWkgMzE");
            assertThat(headers.get("baggage")).isEqualTo("tenant=acme");
        }
    }

    @Test
    void anInvalidInboundTraceparentIsNotContinuedNorPassedOn() throws Exception {
        InboundRequest request = inbound(Map.of(
                "traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "tracestate", "congo=t61rcWkgMzE"));
        try (HttpClientFactory factory = MeshFactories.mesh();
                Scope scope = request.makeCurrent()) {
            Headers headers = send(factory);
            assertThat(headers.get("traceparent")).isNull();
            assertThat(headers.get("tracestate"))
                    .as("tracestate of another trace")
                    .isNull();
        }
    }

    @Test
    void withAnSdkTheTraceparentCarriesNalasCallSpanAChildOfTheActiveSpan() throws Exception {
        Span span = otel.getOpenTelemetry()
                .getTracer("test")
                .spanBuilder("handle order")
                .startSpan();
        Matcher sent;
        try (HttpClientFactory factory = MeshFactories.mesh("", Map.of(), otel.getOpenTelemetry());
                Scope scope = span.makeCurrent()) {
            sent = valid(send(factory).get("traceparent"));
        } finally {
            span.end();
        }
        SpanData call = callSpan();
        assertThat(call.getParentSpanId()).isEqualTo(span.getSpanContext().getSpanId());
        assertThat(sent.group(1)).isEqualTo(span.getSpanContext().getTraceId());
        assertThat(sent.group(2)).as("the sidecar's parent is Nala's call span").isEqualTo(call.getSpanId());
        assertThat(sent.group(3))
                .isEqualTo(span.getSpanContext().getTraceFlags().asHex());
        assertThat(span.getSpanContext().isSampled()).isTrue();
    }

    @Test
    void withAnSdkAnAsynchronousCallContinuesTheSpanThatStartedIt() throws Exception {
        Span span = otel.getOpenTelemetry()
                .getTracer("test")
                .spanBuilder("handle order")
                .startSpan();
        upstream.enqueue(new MockResponse.Builder().build());
        CompletableFuture<Integer> done;
        Matcher sent;
        try (HttpClientFactory factory = MeshFactories.mesh("", Map.of(), otel.getOpenTelemetry())) {
            try (Scope scope = span.makeCurrent()) {
                done = Enqueued.status(factory.client()
                        .newCall(new Request.Builder()
                                .url(upstream.url("/charge"))
                                .build()));
            }
            assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(200);
            sent = valid(upstream.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("traceparent"));
        } finally {
            span.end();
        }
        SpanData call = callSpan();
        assertThat(call.getParentSpanId()).isEqualTo(span.getSpanContext().getSpanId());
        assertThat(sent.group(1)).isEqualTo(span.getSpanContext().getTraceId());
        assertThat(sent.group(2)).isEqualTo(call.getSpanId());
    }

    /** The one span Nala made (scope dev.nala), once the call has ended. */
    private static SpanData callSpan() {
        List<SpanData> nala = otel.getSpans().stream()
                .filter(span -> span.getInstrumentationScopeInfo().getName().equals("dev.nala"))
                .toList();
        assertThat(nala).hasSize(1);
        return nala.get(0);
    }

    @Test
    void withAnSdkBaggageGoesOutThroughThePropagators() throws Exception {
        Baggage baggage = Baggage.builder().put("tenant", "acme").build();
        try (HttpClientFactory factory = MeshFactories.mesh("", Map.of(), otel.getOpenTelemetry());
                Scope scope = baggage.makeCurrent()) {
            assertThat(send(factory).get("baggage")).isEqualTo("tenant=acme");
        }
    }

    @Test
    void withAnSdkButNoActiveSpanTheInboundTraceContinues() throws Exception {
        try (HttpClientFactory factory = MeshFactories.mesh("", Map.of(), otel.getOpenTelemetry());
                Scope scope = inbound(Map.of("traceparent", INBOUND)).makeCurrent()) {
            Matcher sent = valid(send(factory).get("traceparent"));
            assertThat(sent.group(1)).isEqualTo(INBOUND_TRACE_ID);
            assertThat(sent.group(2)).isEqualTo(callSpan().getSpanId());
        }
        assertThat(callSpan().getParentSpanId()).isEqualTo(INBOUND_PARENT_ID);
        assertThat(callSpan().getTraceId()).isEqualTo(INBOUND_TRACE_ID);
    }

    @Test
    void withoutSdkPropagatorsAValidCurrentSpanIsStillContinued() throws Exception {
        SpanContext current = SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getSampled(),
                TraceState.builder().put("vendor", "v1").build());
        try (HttpClientFactory factory = MeshFactories.mesh("", Map.of(), OpenTelemetry.noop());
                Scope scope = Span.wrap(current).makeCurrent()) {
            Headers headers = send(factory);
            assertThat(headers.get("traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
            assertThat(headers.get("tracestate")).isEqualTo("vendor=v1");
        }
    }

    @Test
    void aTraceparentTheCallerSetIsKeptAndGetsNoForeignTracestate() throws Exception {
        String own = "00-11111111111111111111111111111111-2222222222222222-01";
        InboundRequest request = inbound(Map.of("traceparent", INBOUND, "tracestate", "congo=t61rcWkgMzE"));
        try (HttpClientFactory factory = MeshFactories.mesh();
                Scope scope = request.makeCurrent()) {
            Headers headers = send(factory, new Request.Builder().header("traceparent", own));
            assertThat(headers.values("traceparent")).containsExactly(own);
            assertThat(headers.get("tracestate")).isNull();
        }
    }

    @Test
    void baggageTheCallerSetIsKept() throws Exception {
        try (HttpClientFactory factory = MeshFactories.mesh();
                Scope scope = inbound(Map.of("baggage", "tenant=acme")).makeCurrent()) {
            Headers headers = send(factory, new Request.Builder().header("Baggage", "tenant=other"));
            assertThat(headers.values("baggage")).containsExactly("tenant=other");
        }
    }

    @Test
    void withoutAnInboundTraceTheInboundBaggageStillGoesOut() throws Exception {
        try (HttpClientFactory factory = MeshFactories.mesh();
                Scope scope = inbound(Map.of("baggage", "tenant=acme", "tracestate", "congo=t61rcWkgMzE"))
                        .makeCurrent()) {
            Headers headers = send(factory);
            assertThat(headers.get("traceparent")).isNull();
            assertThat(headers.values("baggage")).containsExactly("tenant=acme");
            assertThat(headers.get("tracestate"))
                    .as("tracestate of no trace we continue")
                    .isNull();
        }
    }

    @Test
    void aTraceparentTheCallerSetIsKeptWhenThereIsNothingToContinue() throws Exception {
        String own = "00-11111111111111111111111111111111-2222222222222222-01";
        try (HttpClientFactory factory = MeshFactories.mesh()) {
            Headers headers = send(factory, new Request.Builder().header("Traceparent", own));
            assertThat(headers.values("traceparent")).containsExactly(own);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"ff, 03", "04, 00", "83, 03", "02, 02", "00, 00"})
    void withoutAnSdkFlagBitsTheSpecificationDoesNotDefineAreZeroed(String inboundFlags, String sentFlags)
            throws Exception {
        InboundRequest request =
                inbound(Map.of("traceparent", "00-" + INBOUND_TRACE_ID + "-" + INBOUND_PARENT_ID + "-" + inboundFlags));
        try (HttpClientFactory factory = MeshFactories.mesh();
                Scope scope = request.makeCurrent()) {
            Matcher sent = valid(send(factory).get("traceparent"));
            assertThat(sent.group(1)).isEqualTo(INBOUND_TRACE_ID);
            assertThat(sent.group(3)).isEqualTo(sentFlags);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "0x-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "000-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e47366-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-will-be-like",
                "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.what-the-future-will-be-like",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01"
            })
    void withoutAnSdkAnInvalidTraceparentContinuesNothingAndItsTracestateStays(String invalid) throws Exception {
        InboundRequest request = inbound(Map.of("traceparent", invalid, "tracestate", "congo=t61rcWkgMzE"));
        try (HttpClientFactory factory = MeshFactories.mesh();
                Scope scope = request.makeCurrent()) {
            Headers headers = send(factory);
            assertThat(headers.get("traceparent")).isNull();
            assertThat(headers.get("tracestate")).isNull();
        }
    }

    @Test
    void withoutAnSdkAFutureVersionIsContinuedAsVersion00() throws Exception {
        InboundRequest request = inbound(Map.of(
                "traceparent",
                "cc-" + INBOUND_TRACE_ID + "-" + INBOUND_PARENT_ID + "-01-what-the-future-will-be-like"));
        try (HttpClientFactory factory = MeshFactories.mesh();
                Scope scope = request.makeCurrent()) {
            Matcher sent = valid(send(factory).get("traceparent"));
            assertThat(sent.group(1)).isEqualTo(INBOUND_TRACE_ID);
            assertThat(sent.group(3)).isEqualTo("01");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "@foo=1,bar=2",
                "foo.bar=1,bar=2",
                "foo=1=2",
                "bar01=01,bar02=02,bar03=03,bar04=04,bar05=05,"
                        + "bar06=06,bar07=07,bar08=08,bar09=09,bar10=10,bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16,"
                        + "bar17=17,bar18=18,bar19=19,bar20=20,bar21=21,bar22=22,bar23=23,bar24=24,bar25=25,bar26=26,bar27=27,"
                        + "bar28=28,bar29=29,bar30=30,bar31=31,bar32=32,bar33=33"
            })
    void anInvalidInboundTracestateIsNeverPassedOnWithOrWithoutAnSdk(String invalid) throws Exception {
        InboundRequest request = inbound(Map.of("traceparent", INBOUND, "tracestate", invalid));
        try (HttpClientFactory factory = MeshFactories.mesh();
                Scope scope = request.makeCurrent()) {
            Headers headers = send(factory);
            assertThat(valid(headers.get("traceparent")).group(1)).isEqualTo(INBOUND_TRACE_ID);
            assertThat(headers.get("tracestate")).isNull();
        }
        try (HttpClientFactory factory = MeshFactories.mesh("", Map.of(), otel.getOpenTelemetry());
                Scope scope = request.makeCurrent()) {
            Headers headers = send(factory);
            assertThat(valid(headers.get("traceparent")).group(1)).isEqualTo(INBOUND_TRACE_ID);
            assertThat(headers.get("tracestate"))
                    .as("the SDK rejected it; Nala must not put it back")
                    .isNull();
        }
    }

    @Test
    void withAnSdkAValidInboundTracestateGoesOutWithTheContinuedTrace() throws Exception {
        InboundRequest request =
                inbound(Map.of("traceparent", INBOUND, "tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"));
        try (HttpClientFactory factory = MeshFactories.mesh("", Map.of(), otel.getOpenTelemetry());
                Scope scope = request.makeCurrent()) {
            Headers headers = send(factory);
            assertThat(headers.get("tracestate")).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        }
    }

    @Test
    void withAnSdkAnInvalidInboundTraceparentStartsANewTraceWithoutTheInboundTracestate() throws Exception {
        InboundRequest request = inbound(Map.of(
                "traceparent",
                "ff-" + INBOUND_TRACE_ID + "-" + INBOUND_PARENT_ID + "-01",
                "tracestate",
                "congo=t61rcWkgMzE"));
        try (HttpClientFactory factory = MeshFactories.mesh("", Map.of(), otel.getOpenTelemetry());
                Scope scope = request.makeCurrent()) {
            Headers headers = send(factory);
            assertThat(valid(headers.get("traceparent")).group(1)).isNotEqualTo(INBOUND_TRACE_ID);
            assertThat(headers.get("tracestate")).isNull();
        }
    }
}
