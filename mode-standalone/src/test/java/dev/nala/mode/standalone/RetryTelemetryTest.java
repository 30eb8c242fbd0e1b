package dev.nala.mode.standalone;

import static dev.nala.mode.standalone.StandaloneFactories.FAST_BACKOFF;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.internal.KnownMethods;
import dev.nala.testing.LogCapture;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The telemetry contract for the retry half: one CLIENT span per attempt under the call span,
 * whose context is what goes on the wire; retry and give-up events on the call span; the
 * attempts, retries and budget metrics. The call span is core's (scope {@code dev.nala}), a
 * child of the test's own span; the attempt spans are its children.
 */
class RetryTelemetryTest {
    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private HttpClientFactory factory;
    private MockWebServer upstream;

    @BeforeEach
    void start() throws IOException {
        factory = StandaloneFactories.standalone(FAST_BACKOFF, otel.getOpenTelemetry());
        upstream = Upstreams.started();
    }

    @AfterEach
    void stop() {
        factory.close();
        upstream.close();
    }

    private SpanData callUnderParent(Request request, int expectedCode) throws IOException {
        Span parent =
                otel.getOpenTelemetry().getTracer("test").spanBuilder("call").startSpan();
        try (Scope scope = parent.makeCurrent();
                Response response = factory.client().newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(expectedCode);
        } finally {
            parent.end();
        }
        return callSpan();
    }

    private static List<SpanData> nalaSpans() {
        return otel.getSpans().stream()
                .filter(span -> span.getInstrumentationScopeInfo().getName().equals("dev.nala"))
                .collect(Collectors.toList());
    }

    /** Core's call span: the one Nala span whose parent is not a Nala span. */
    private static SpanData callSpan() {
        List<SpanData> nala = nalaSpans();
        Set<String> nalaIds = nala.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        return nala.stream()
                .filter(span -> !nalaIds.contains(span.getParentSpanId()))
                .collect(Collectors.collectingAndThen(Collectors.toList(), calls -> {
                    assertThat(calls).hasSize(1);
                    return calls.get(0);
                }));
    }

    private List<SpanData> attemptSpans() {
        String callId = callSpan().getSpanId();
        return nalaSpans().stream()
                .filter(span -> span.getParentSpanId().equals(callId))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                .collect(Collectors.toList());
    }

    @Test
    void eachAttemptIsAClientSpanUnderTheCallSpanAndIsTheUpstreamsParent() throws Exception {
        upstream.enqueue(Upstreams.status(503));
        upstream.enqueue(Upstreams.status(502));
        upstream.enqueue(new MockResponse.Builder().body("done").build());
        SpanData call = callUnderParent(
                new Request.Builder().url(upstream.url("/stock")).build(), 200);

        List<SpanData> attempts = attemptSpans();
        assertThat(attempts).hasSize(3).allSatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(span.getName()).isEqualTo("GET");
            assertThat(span.getParentSpanId()).isEqualTo(call.getSpanId());
            assertThat(span.getTraceId()).isEqualTo(call.getTraceId());
            assertThat(span.getAttributes().get(AttemptSpan.SERVER_PORT)).isEqualTo((long) upstream.getPort());
        });
        assertThat(attempts)
                .extracting(span -> span.getAttributes().get(AttemptSpan.RESEND_COUNT))
                .containsExactly(null, 1L, 2L);
        assertThat(attempts)
                .extracting(span -> span.getAttributes().get(AttemptSpan.STATUS_CODE))
                .containsExactly(503L, 502L, 200L);
        assertThat(attempts.get(0).getAttributes().get(AttemptSpan.ERROR_TYPE)).isEqualTo("503");

        for (SpanData attempt : attempts) {
            RecordedRequest recorded = upstream.takeRequest(5, TimeUnit.SECONDS);
            assertThat(recorded.getHeaders().get("traceparent"))
                    .startsWith("00-" + attempt.getTraceId() + "-" + attempt.getSpanId() + "-");
        }

        List<EventData> events = call.getEvents();
        assertThat(events).extracting(EventData::getName).containsExactly("nala.retry", "nala.retry");
        assertThat(events.get(0).getAttributes().get(RetryTelemetry.ATTEMPT)).isEqualTo(1L);
        assertThat(events.get(0).getAttributes().get(RetryTelemetry.RETRY_REASON))
                .isEqualTo("status_503");
        assertThat(events.get(0).getAttributes().get(RetryTelemetry.BACKOFF_MS)).isBetween(0L, 1L);
        assertThat(events.get(1).getAttributes().get(RetryTelemetry.ATTEMPT)).isEqualTo(2L);
        assertThat(events.get(1).getAttributes().get(RetryTelemetry.RETRY_REASON))
                .isEqualTo("status_502");

        String service = "localhost:" + upstream.getPort();
        HistogramPointData attemptsPoint = metric("nala.client.call.attempts")
                .getHistogramData()
                .getPoints()
                .iterator()
                .next();
        assertThat(attemptsPoint.getCount()).isEqualTo(1);
        assertThat(attemptsPoint.getSum()).isEqualTo(3.0);
        assertThat(attemptsPoint.getAttributes())
                .isEqualTo(
                        Attributes.of(RetryTelemetry.SERVICE, service, RetryTelemetry.DEPLOYMENT_MODE, "standalone"));
        assertThat(metric("nala.client.retries").getLongSumData().getPoints())
                .extracting(LongPointData::getAttributes, LongPointData::getValue)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                Attributes.of(
                                        RetryTelemetry.SERVICE,
                                        service,
                                        RetryTelemetry.DEPLOYMENT_MODE,
                                        "standalone",
                                        RetryTelemetry.RETRY_REASON,
                                        "status_503"),
                                1L),
                        org.assertj.core.groups.Tuple.tuple(
                                Attributes.of(
                                        RetryTelemetry.SERVICE,
                                        service,
                                        RetryTelemetry.DEPLOYMENT_MODE,
                                        "standalone",
                                        RetryTelemetry.RETRY_REASON,
                                        "status_502"),
                                1L));
    }

    @Test
    void attemptSpansReportMethodsByTheSameKnownListAsTheCallSpan() throws Exception {
        factory.close();
        factory = HttpClientFactory.builder()
                .environment(Environment.of(Map.of(KnownMethods.VARIABLE, "GET,PROPFIND")))
                .config(ConfigFactory.parseString(FAST_BACKOFF))
                .openTelemetry(otel.getOpenTelemetry())
                .build();
        for (String method : List.of("PROPFIND", "DELETE")) {
            upstream.enqueue(new MockResponse.Builder().body("done").build());
            callUnderParent(
                    new Request.Builder()
                            .url(upstream.url("/stock"))
                            .method(method, null)
                            .build(),
                    200);
            SpanData call = callSpan();
            SpanData attempt = attemptSpans().get(0);
            if (method.equals("PROPFIND")) {
                assertThat(attempt.getName()).isEqualTo("PROPFIND");
                assertThat(attempt.getAttributes().get(AttemptSpan.METHOD)).isEqualTo("PROPFIND");
                assertThat(attempt.getAttributes().get(AttemptSpan.METHOD_ORIGINAL))
                        .isNull();
            } else {
                assertThat(attempt.getName()).isEqualTo("HTTP");
                assertThat(attempt.getAttributes().get(AttemptSpan.METHOD)).isEqualTo("_OTHER");
                assertThat(attempt.getAttributes().get(AttemptSpan.METHOD_ORIGINAL))
                        .isEqualTo("DELETE");
            }
            assertThat(call.getName()).isEqualTo(attempt.getName());
            otel.clearSpans();
        }
    }

    @Test
    void runningOutOfAttemptsIsAGiveUpEvent() throws IOException {
        for (int i = 0; i < 3; i++) {
            upstream.enqueue(Upstreams.status(500));
        }
        SpanData call =
                callUnderParent(new Request.Builder().url(upstream.url("/")).build(), 500);
        assertThat(call.getEvents())
                .extracting(EventData::getName)
                .containsExactly("nala.retry", "nala.retry", "nala.gave_up");
        assertThat(call.getEvents().get(2).getAttributes().get(RetryTelemetry.GIVE_UP_REASON))
                .isEqualTo("attempts_exhausted");
    }

    @Test
    void aPostThatFailsIsAGiveUpEventWithoutRetry() throws IOException {
        upstream.enqueue(Upstreams.status(503));
        Request post = new Request.Builder()
                .url(upstream.url("/"))
                .post(RequestBody.create("{}", MediaType.get("application/json")))
                .build();
        SpanData call = callUnderParent(post, 503);
        assertThat(call.getEvents()).extracting(EventData::getName).containsExactly("nala.gave_up");
        assertThat(call.getEvents().get(0).getAttributes().get(RetryTelemetry.GIVE_UP_REASON))
                .isEqualTo("not_retryable");
        assertThat(attemptSpans()).hasSize(1);
    }

    @Test
    void aRetryAfterPastTheDeadlineIsADeadlineGiveUp() throws IOException {
        upstream.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "600")
                .build());
        SpanData call =
                callUnderParent(new Request.Builder().url(upstream.url("/")).build(), 429);
        assertThat(call.getEvents()).extracting(EventData::getName).containsExactly("nala.gave_up");
        assertThat(call.getEvents().get(0).getAttributes().get(RetryTelemetry.GIVE_UP_REASON))
                .isEqualTo("deadline");
    }

    @Test
    void aRefusedConnectionIsCountedAsAConnectFailureRetry() throws IOException {
        int port = Upstreams.closedPort();
        Request request =
                new Request.Builder().url("http://127.0.0.1:" + port + "/").build();
        try {
            factory.client().newCall(request).execute().close();
        } catch (IOException expected) {
            // three refused attempts
        }
        assertThat(metric("nala.client.retries").getLongSumData().getPoints())
                .singleElement()
                .satisfies(point -> {
                    assertThat(point.getValue()).isEqualTo(2);
                    assertThat(point.getAttributes().get(RetryTelemetry.RETRY_REASON))
                            .isEqualTo("connect_failure");
                    assertThat(point.getAttributes().get(RetryTelemetry.SERVICE))
                            .isEqualTo("127.0.0.1:" + port);
                });
        assertThat(attemptSpans())
                .hasSize(3)
                .allSatisfy(span -> assertThat(span.getAttributes().get(AttemptSpan.ERROR_TYPE))
                        .isEqualTo("java.net.ConnectException"));
    }

    @Test
    void aCallStoppedByTheBudgetEndsWithItsRealResponseAndIsCountedAndLogged() throws IOException {
        factory.close();
        factory = StandaloneFactories.standalone(
                FAST_BACKOFF + "nala.defaults.retry.budget { ratio = 0, min-per-second = 0 }\n",
                otel.getOpenTelemetry());
        upstream.enqueue(
                new MockResponse.Builder().code(503).body("the real one").build());
        upstream.enqueue(new MockResponse.Builder().body("never reached").build());
        try (LogCapture log = new LogCapture(BudgetedRetry.class)) {
            SpanData call;
            Span parent = otel.getOpenTelemetry()
                    .getTracer("test")
                    .spanBuilder("call")
                    .startSpan();
            try (Scope scope = parent.makeCurrent();
                    Response response = factory.client()
                            .newCall(
                                    new Request.Builder().url(upstream.url("/")).build())
                            .execute()) {
                assertThat(response.code()).isEqualTo(503);
                assertThat(response.body().string()).isEqualTo("the real one");
            } finally {
                parent.end();
            }
            call = callSpan();
            assertThat(call.getEvents()).extracting(EventData::getName).containsExactly("nala.gave_up");
            assertThat(call.getEvents().get(0).getAttributes().get(RetryTelemetry.GIVE_UP_REASON))
                    .isEqualTo("budget_exhausted");
            assertThat(metric("nala.client.retry_budget.refused")
                            .getLongSumData()
                            .getPoints())
                    .singleElement()
                    .satisfies(point -> assertThat(point.getValue()).isEqualTo(1));
            assertThat(log.messages(ch.qos.logback.classic.Level.WARN))
                    .singleElement()
                    .asString()
                    .startsWith("Retry budget of 'localhost:" + upstream.getPort() + "' is spent: 1 retry refused");
        }
        assertThat(upstream.getRequestCount()).isEqualTo(1);
    }

    private static MetricData metric(String name) {
        return otel.getMetrics().stream()
                .filter(metric -> metric.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
