package dev.nala;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.nala.internal.TelemetryNames;
import dev.nala.testing.Enqueued;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The call span and duration metric the factory adds in front of every mode's chain. */
class CallSpanTest {
    private final MockWebServer upstream = new MockWebServer();
    private final InMemoryTelemetry telemetry = new InMemoryTelemetry();

    @BeforeEach
    void start() throws IOException {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        upstream.close();
        telemetry.close();
    }

    private HttpClientFactory factory(DeploymentMode mode, OpenTelemetry openTelemetry) {
        return HttpClientFactory.builder()
                .environment(Environment.of(Map.of()))
                .config(ConfigFactory.empty())
                .mode(mode)
                .openTelemetry(openTelemetry)
                .build();
    }

    private static int execute(OkHttpClient client, String url) throws IOException {
        return execute(client, new Request.Builder().url(url).build());
    }

    private static int execute(OkHttpClient client, Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            return response.code();
        }
    }

    @ParameterizedTest
    @EnumSource(DeploymentMode.class)
    void oneClientSpanPerCallWithTheConventionsAttributesAndTheCallersSpanAsParent(DeploymentMode mode)
            throws IOException {
        upstream.enqueue(new MockResponse.Builder().code(200).build());
        Span caller = telemetry
                .openTelemetry()
                .getTracer("test")
                .spanBuilder("handle order")
                .startSpan();
        try (HttpClientFactory factory = factory(mode, telemetry.openTelemetry());
                Scope scope = caller.makeCurrent()) {
            assertThat(execute(factory.client(), url("/charge"))).isEqualTo(200);
        } finally {
            caller.end();
        }

        SpanData span = callSpan();
        assertThat(span.getName()).isEqualTo("GET");
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
        assertThat(span.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span.getAttributes().asMap())
                .containsOnly(
                        Map.entry(CallSpan.METHOD, "GET"),
                        Map.entry(CallSpan.SERVER_ADDRESS, "127.0.0.1"),
                        Map.entry(CallSpan.SERVER_PORT, (long) upstream.getPort()),
                        Map.entry(CallSpan.URL_FULL, "http://127.0.0.1:" + upstream.getPort() + "/charge"),
                        Map.entry(CallSpan.STATUS_CODE, 200L),
                        Map.entry(CallSpan.PROTOCOL_VERSION, "1.1"),
                        Map.entry(TelemetryNames.DEPLOYMENT_MODE, mode.configValue()));
        assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo("dev.nala");
    }

    @Test
    void aLogicalServiceIsNamedInNalaServiceAndServerAddress() throws IOException {
        upstream.enqueue(new MockResponse.Builder().build());
        try (HttpClientFactory factory = factory(DeploymentMode.MESH, telemetry.openTelemetry())) {
            // The test modes add no chain, so the logical name has to resolve here.
            OkHttpClient client = factory.client()
                    .newBuilder()
                    .dns(host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})))
                    .build();
            execute(client, "http://payment-service:" + upstream.getPort() + "/charge");
        }
        assertThat(callSpan().getAttributes().asMap())
                .containsEntry(TelemetryNames.SERVICE, "payment-service")
                .containsEntry(CallSpan.SERVER_ADDRESS, "payment-service");
        assertThat(durationPoint().getAttributes().get(TelemetryNames.SERVICE)).isEqualTo("payment-service");
    }

    @Test
    void theChainRunsWithTheCallSpanCurrent() throws IOException {
        upstream.enqueue(new MockResponse.Builder().build());
        AtomicReference<SpanContext> seen = new AtomicReference<>();
        try (HttpClientFactory factory = factory(DeploymentMode.STANDALONE, telemetry.openTelemetry())) {
            // An interceptor added after the factory's runs where a mode's interceptors run.
            OkHttpClient client = factory.client()
                    .newBuilder()
                    .addInterceptor(chain -> {
                        seen.set(Span.current().getSpanContext());
                        return chain.proceed(chain.request());
                    })
                    .build();
            execute(client, url("/"));
        }
        assertThat(seen.get().getSpanId()).isEqualTo(callSpan().getSpanId());
    }

    @Test
    void anAsynchronousCallIsTheChildOfTheSpanThatStartedIt() throws Exception {
        upstream.enqueue(new MockResponse.Builder().build());
        Span caller = telemetry
                .openTelemetry()
                .getTracer("test")
                .spanBuilder("handle order")
                .startSpan();
        CompletableFuture<Integer> done;
        try (HttpClientFactory factory = factory(DeploymentMode.MESH, telemetry.openTelemetry())) {
            try (Scope scope = caller.makeCurrent()) {
                done = Enqueued.status(factory.client()
                        .newCall(new Request.Builder().url(url("/")).build()));
            }
            assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        } finally {
            caller.end();
        }
        assertThat(callSpan().getParentSpanId())
                .isEqualTo(caller.getSpanContext().getSpanId());
    }

    @Test
    void aServerErrorMarksTheSpanWithItsStatusCode() throws IOException {
        upstream.enqueue(new MockResponse.Builder().code(500).build());
        try (HttpClientFactory factory = factory(DeploymentMode.STANDALONE, telemetry.openTelemetry())) {
            assertThat(execute(factory.client(), url("/"))).isEqualTo(500);
        }
        SpanData span = callSpan();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(CallSpan.ERROR_TYPE)).isEqualTo("500");
        assertThat(span.getAttributes().get(CallSpan.STATUS_CODE)).isEqualTo(500L);
        assertThat(durationPoint().getAttributes().get(CallSpan.ERROR_TYPE)).isEqualTo("500");
    }

    @Test
    void aClientErrorIsAnErrorForAClientSpanToo() throws IOException {
        upstream.enqueue(new MockResponse.Builder().code(404).build());
        try (HttpClientFactory factory = factory(DeploymentMode.MESH, telemetry.openTelemetry())) {
            execute(factory.client(), url("/"));
        }
        assertThat(callSpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(callSpan().getAttributes().get(CallSpan.ERROR_TYPE)).isEqualTo("404");
    }

    @ParameterizedTest
    @EnumSource(DeploymentMode.class)
    void aRefusedConnectionIsRecordedWithTheExceptionType(DeploymentMode mode) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/charge";
        try (HttpClientFactory factory = factory(mode, telemetry.openTelemetry())) {
            assertThatThrownBy(() -> execute(factory.client(), url)).isInstanceOf(IOException.class);
        }
        SpanData span = callSpan();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(CallSpan.ERROR_TYPE)).isEqualTo("java.net.ConnectException");
        assertThat(span.getAttributes().get(CallSpan.STATUS_CODE)).isNull();
        assertThat(span.getEvents())
                .anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
        HistogramPointData point = durationPoint();
        assertThat(point.getAttributes().get(CallSpan.ERROR_TYPE)).isEqualTo("java.net.ConnectException");
        assertThat(point.getAttributes().get(TelemetryNames.DEPLOYMENT_MODE)).isEqualTo(mode.configValue());
        assertThat(point.getAttributes().get(CallSpan.STATUS_CODE)).isNull();
    }

    @Test
    void urlFullHidesUserinfoAndQueryValues() throws Exception {
        upstream.enqueue(new MockResponse.Builder().build());
        String base = "127.0.0.1:" + upstream.getPort();
        try (HttpClientFactory factory = factory(DeploymentMode.STANDALONE, telemetry.openTelemetry())) {
            execute(factory.client(), "http://user:pw@" + base + "/p?token=abc&flag&token=def#frag");
        }
        String urlFull = callSpan().getAttributes().get(CallSpan.URL_FULL);
        assertThat(urlFull).isEqualTo("http://REDACTED:REDACTED@" + base + "/p?token=REDACTED&flag&token=REDACTED");
        assertThat(callSpan().getAttributes().toString())
                .doesNotContain("pw")
                .doesNotContain("abc")
                .doesNotContain("def");
        // What went on the wire is untouched.
        assertThat(upstream.takeRequest().getUrl().query()).isEqualTo("token=abc&flag&token=def");
    }

    @Test
    void anUnknownMethodIsReportedAsOther() throws IOException {
        upstream.enqueue(new MockResponse.Builder().build());
        try (HttpClientFactory factory = factory(DeploymentMode.MESH, telemetry.openTelemetry())) {
            execute(
                    factory.client(),
                    new Request.Builder().url(url("/")).method("PROPFIND", null).build());
        }
        SpanData span = callSpan();
        assertThat(span.getName()).isEqualTo("HTTP");
        assertThat(span.getAttributes().get(CallSpan.METHOD)).isEqualTo("_OTHER");
        assertThat(span.getAttributes().get(CallSpan.METHOD_ORIGINAL)).isEqualTo("PROPFIND");
        assertThat(durationPoint().getAttributes().get(CallSpan.METHOD)).isEqualTo("_OTHER");
    }

    @Test
    void theDurationHistogramHasTheConventionsNameUnitBucketsAndAttributes() throws IOException {
        upstream.enqueue(new MockResponse.Builder().code(201).build());
        upstream.enqueue(new MockResponse.Builder().code(201).build());
        try (HttpClientFactory factory = factory(DeploymentMode.STANDALONE, telemetry.openTelemetry())) {
            Request post = new Request.Builder()
                    .url(url("/orders/123?id=9"))
                    .post(okhttp3.RequestBody.create(new byte[0], null))
                    .build();
            execute(factory.client(), post);
            execute(factory.client(), post);
        }
        MetricData metric = telemetry.metric(CallSpan.DURATION).orElseThrow();
        assertThat(metric.getUnit()).isEqualTo("s");
        assertThat(metric.getInstrumentationScopeInfo().getName()).isEqualTo("dev.nala");
        HistogramPointData point = durationPoint();
        assertThat(point.getCount()).isEqualTo(2);
        assertThat(point.getBoundaries()).containsExactlyElementsOf(CallSpan.DURATION_BUCKETS);
        // No path, no query, no ids: only bounded values.
        assertThat(point.getAttributes())
                .isEqualTo(Attributes.builder()
                        .put(CallSpan.METHOD, "POST")
                        .put(CallSpan.SERVER_ADDRESS, "127.0.0.1")
                        .put(CallSpan.SERVER_PORT, (long) upstream.getPort())
                        .put(CallSpan.STATUS_CODE, 201L)
                        .put(CallSpan.PROTOCOL_VERSION, "1.1")
                        .put(TelemetryNames.DEPLOYMENT_MODE, "standalone")
                        .build());
    }

    @ParameterizedTest
    @EnumSource(DeploymentMode.class)
    void withoutAnSdkCallsWorkAndNoSpanIsMadeCurrent(DeploymentMode mode) throws IOException {
        upstream.enqueue(new MockResponse.Builder().build());
        AtomicReference<Context> seen = new AtomicReference<>();
        Context callers = Context.current()
                .with(Span.wrap(SpanContext.create(
                        "0af7651916cd43dd8448eb211c80319c",
                        "b7ad6b7169203331",
                        io.opentelemetry.api.trace.TraceFlags.getSampled(),
                        io.opentelemetry.api.trace.TraceState.getDefault())));
        try (HttpClientFactory factory = factory(mode, OpenTelemetry.noop());
                Scope scope = callers.makeCurrent()) {
            OkHttpClient client = factory.client()
                    .newBuilder()
                    .addInterceptor(chain -> {
                        seen.set(Context.current());
                        return chain.proceed(chain.request());
                    })
                    .build();
            assertThat(execute(client, url("/"))).isEqualTo(200);
        }
        assertThat(seen.get()).as("the caller's context, untouched").isSameAs(callers);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + upstream.getPort() + path;
    }

    private SpanData callSpan() {
        List<SpanData> calls = telemetry.spans().stream()
                .filter(span -> span.getInstrumentationScopeInfo().getName().equals("dev.nala"))
                .toList();
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    private HistogramPointData durationPoint() {
        MetricData metric = telemetry.metric(CallSpan.DURATION).orElseThrow();
        assertThat(metric.getHistogramData().getPoints()).hasSize(1);
        return metric.getHistogramData().getPoints().iterator().next();
    }
}
