package dev.nala.e2e.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.e2e.support.ScriptedUpstream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The call span with the real mode modules: one per call under the caller's span, labelled with
 * the mode, and the {@code traceparent} that reaches the upstream (both modes send one when the
 * SDK records spans) names the span that went on the wire, in the caller's trace: in mesh mode
 * the call span itself, in standalone mode the one attempt span under the call span.
 */
class CallTelemetryTest {

    @ParameterizedTest
    @EnumSource(DeploymentMode.class)
    void theUpstreamsParentIsNalasSpanUnderTheCallersSpan(DeploymentMode mode) throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (ScriptedUpstream upstream = ScriptedUpstream.start(n -> ScriptedUpstream.ok("ok"));
                OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder()
                                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                                .build())
                        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                        .build();
                HttpClientFactory factory = HttpClientFactory.builder()
                        .config(ConfigFactory.parseString("nala.defaults.call-timeout = 5s"))
                        .environment(Environment.of(Map.of("KUBERNETES_NAMESPACE", "shop")))
                        .mode(mode)
                        .openTelemetry(sdk)
                        .build()) {
            Span caller = sdk.getTracer("test").spanBuilder("handle order").startSpan();
            try (Scope scope = caller.makeCurrent();
                    Response response = factory.client()
                            .newCall(new Request.Builder()
                                    .url("http://127.0.0.1:" + upstream.port() + "/charge")
                                    .build())
                            .execute()) {
                assertThat(response.code()).isEqualTo(200);
            } finally {
                caller.end();
            }

            List<SpanData> spans = exporter.getFinishedSpanItems();
            List<SpanData> calls = spans.stream()
                    .filter(s ->
                            s.getParentSpanId().equals(caller.getSpanContext().getSpanId()))
                    .filter(s -> s.getInstrumentationScopeInfo().getName().equals("dev.nala"))
                    .toList();
            assertThat(calls).hasSize(1);
            SpanData call = calls.get(0);
            assertThat(call.getName()).isEqualTo("GET");
            assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(call.getAttributes().get(AttributeKey.stringKey("nala.deployment_mode")))
                    .isEqualTo(mode.configValue());
            assertThat(call.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                    .isEqualTo(200L);

            // The SDK has a span processor and the W3C propagator, so both modes put the context of
            // the span that went on the wire on the request (docs/observability.md).
            String traceparent = upstream.requestHeaders().get(0).get("traceparent");
            assertThat(traceparent).as("traceparent the upstream received").isNotNull();
            String[] parts = traceparent.split("-");
            assertThat(parts[1])
                    .as("trace id on the wire")
                    .isEqualTo(caller.getSpanContext().getTraceId());
            Optional<SpanData> parent =
                    spans.stream().filter(s -> s.getSpanId().equals(parts[2])).findFirst();
            assertThat(parent)
                    .as("the upstream's parent is a recorded Nala span")
                    .isPresent();
            SpanData wire = parent.get();
            assertThat(wire.getInstrumentationScopeInfo().getName()).isEqualTo("dev.nala");
            List<SpanData> underTheCall = spans.stream()
                    .filter(s -> s.getParentSpanId().equals(call.getSpanId()))
                    .toList();
            if (mode == DeploymentMode.MESH) {
                assertThat(wire.getSpanId())
                        .as("mesh: the call span is the single attempt, and the upstream's parent")
                        .isEqualTo(call.getSpanId());
                assertThat(underTheCall).as("mesh makes no span of its own").isEmpty();
            } else {
                assertThat(underTheCall)
                        .as("standalone: one attempt span under the call span")
                        .hasSize(1);
                SpanData attempt = underTheCall.get(0);
                assertThat(wire.getSpanId())
                        .as("standalone: the upstream's parent is the attempt span, not the call span")
                        .isEqualTo(attempt.getSpanId());
                assertThat(attempt.getKind()).isEqualTo(SpanKind.CLIENT);
                assertThat(attempt.getAttributes().get(AttributeKey.longKey("server.port")))
                        .as("the attempt names the endpoint it reached")
                        .isEqualTo((long) upstream.port());
            }
        }
    }
}
