package dev.nala.e2e.tracecontext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.InboundRequest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The "test service" of the W3C Trace Context conformance harness (w3c/trace-context, test/), with
 * Nala in mesh mode making the calls: the harness POSTs a JSON array of {@code {url, arguments}};
 * for each element the service POSTs {@code arguments} to {@code url} through the factory's
 * client, inside the inbound request's context. The harness then checks the {@code traceparent}
 * and {@code tracestate} the calls carried.
 *
 * <p>Run: {@code java -cp <e2e test classpath> dev.nala.e2e.tracecontext.TraceContextTestService
 * <port> sdk|nosdk|otel}; then, from a checkout of w3c/trace-context,
 * {@code STRICT_LEVEL=2 SPEC_LEVEL=2 python3 test/test.py http://127.0.0.1:<port>/test}.
 * With {@code sdk} an OpenTelemetry SDK (W3C propagator, every span sampled, none kept)
 * continues the inbound trace in a SERVER span, as an instrumented service would; with
 * {@code nosdk} only {@link InboundRequest} carries it. {@code otel} is the baseline without Nala:
 * a plain OkHttp client, a CLIENT span per call and the SDK's W3C propagator, so that Nala's
 * results can be read against what OpenTelemetry Java passes by itself.
 */
public final class TraceContextTestService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final TextMapGetter<HttpExchange> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpExchange exchange) {
            return exchange.getRequestHeaders().keySet();
        }

        @Override
        public String get(HttpExchange exchange, String key) {
            List<String> values = exchange.getRequestHeaders().get(key);
            return values == null ? null : String.join(",", values);
        }
    };

    private TraceContextTestService() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String variant = args.length > 1 ? args[1].toLowerCase(Locale.ROOT) : "nosdk";
        boolean sdk = !variant.equals("nosdk");
        OpenTelemetry openTelemetry = sdk
                ? OpenTelemetrySdk.builder()
                        // A tracer provider without a span processor hands out no-op spans.
                        .setTracerProvider(SdkTracerProvider.builder()
                                .addSpanProcessor(SimpleSpanProcessor.create(new DroppedSpans()))
                                .build())
                        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                        .build()
                : OpenTelemetry.noop();
        HttpClientFactory factory = HttpClientFactory.builder()
                .mode(DeploymentMode.MESH)
                .config(ConfigFactory.parseString("nala.kubernetes.namespace = default"))
                .environment(Environment.of(Map.of()))
                .openTelemetry(openTelemetry)
                .build();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        OkHttpClient client =
                variant.equals("otel") ? withClientSpans(new OkHttpClient(), openTelemetry) : factory.client();
        server.createContext("/test", exchange -> handle(exchange, openTelemetry, client));
        server.start();
        System.out.println("test service listening on http://127.0.0.1:" + port + "/test (" + variant + ")");
    }

    /** Plain OkHttp with what an OpenTelemetry instrumentation adds: a CLIENT span, injected by the propagator. */
    private static OkHttpClient withClientSpans(OkHttpClient plain, OpenTelemetry openTelemetry) {
        return plain.newBuilder()
                .addInterceptor(chain -> {
                    Span span = openTelemetry
                            .getTracer("plain-okhttp")
                            .spanBuilder("POST")
                            .setSpanKind(SpanKind.CLIENT)
                            .startSpan();
                    try (Scope scope = span.makeCurrent()) {
                        Request.Builder traced = chain.request().newBuilder();
                        openTelemetry
                                .getPropagators()
                                .getTextMapPropagator()
                                .inject(Context.current(), traced, (builder, key, value) -> builder.header(key, value));
                        return chain.proceed(traced.build());
                    } finally {
                        span.end();
                    }
                })
                .build();
    }

    private static void handle(HttpExchange exchange, OpenTelemetry openTelemetry, OkHttpClient client)
            throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            JsonNode calls = JSON.readTree(in);
            Context parent =
                    openTelemetry.getPropagators().getTextMapPropagator().extract(Context.root(), exchange, HEADERS);
            Span server = openTelemetry
                    .getTracer("trace-context-test-service")
                    .spanBuilder("POST /test")
                    .setSpanKind(SpanKind.SERVER)
                    .setParent(parent)
                    .startSpan();
            try (Scope inbound = InboundRequest.of(exchange.getRequestHeaders())
                    .storeIn(Context.current().with(server))
                    .makeCurrent()) {
                for (JsonNode call : calls) {
                    Request request = new Request.Builder()
                            .url(call.get("url").asText())
                            .post(RequestBody.create(JSON.writeValueAsBytes(call.get("arguments")), JSON_TYPE))
                            .build();
                    try (Response response = client.newCall(request).execute()) {
                        response.body().bytes();
                    }
                }
            } finally {
                server.end();
            }
            exchange.sendResponseHeaders(200, 2);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{}".getBytes());
            }
        }
    }

    /** Spans are made (so their ids propagate) and dropped. */
    private static final class DroppedSpans implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
