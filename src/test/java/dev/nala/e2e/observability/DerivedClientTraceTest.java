package dev.nala.e2e.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.DeploymentMode;
import dev.nala.HttpClientFactory;
import dev.nala.e2e.support.MeshDns;
import dev.nala.e2e.support.ModeFactories;
import dev.nala.e2e.support.ScriptedUpstream;
import dev.nala.testing.Enqueued;
import dev.nala.testing.ForwardingEventListener;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code enqueue()} from inside a server span, with an OpenTelemetry SDK and the real mode
 * modules, on a client the caller derived from the factory's: with its own EventListener (which
 * replaces the factory's), a listener wrapping the factory's, an added interceptor, or nothing
 * added. In every case the {@code traceparent} on the wire continues the caller's trace, with a
 * Nala span under the caller's span as the upstream's parent: the call span in mesh mode, its
 * attempt span in standalone mode.
 */
class DerivedClientTraceTest {

    /** How the caller derives its client. */
    enum Derivation {
        OWN_EVENT_LISTENER(builder -> builder.eventListener(new EventListener() {})),
        WRAPPED_EVENT_LISTENER(builder -> {
            EventListener.Factory factory = builder.build().eventListenerFactory();
            return builder.eventListenerFactory(call -> new ForwardingEventListener(factory.create(call)));
        }),
        ADDED_INTERCEPTOR(builder -> builder.addInterceptor(chain -> chain.proceed(chain.request()))),
        NOTHING_ADDED(builder -> builder);

        final UnaryOperator<OkHttpClient.Builder> derive;

        Derivation(UnaryOperator<OkHttpClient.Builder> derive) {
            this.derive = derive;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(DeploymentMode.values())
                .flatMap(mode -> Stream.of(Derivation.values()).map(derivation -> Arguments.of(mode, derivation)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void theWireTraceparentOfAnAsynchronousCallContinuesTheCallersSpan(DeploymentMode mode, Derivation derivation)
            throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (ScriptedUpstream upstream = ScriptedUpstream.start(n -> ScriptedUpstream.ok("ok"));
                OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder()
                                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                                .build())
                        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                        .build();
                HttpClientFactory factory = mode == DeploymentMode.MESH
                        ? ModeFactories.mesh("nala.services.\"catalog\".port = " + upstream.port(), sdk)
                        : ModeFactories.standalone(
                                "nala.services.\"catalog\" { discovery = static, endpoints = [\"127.0.0.1:"
                                        + upstream.port() + "\"] }",
                                sdk)) {
            OkHttpClient.Builder builder = factory.client().newBuilder();
            if (mode == DeploymentMode.MESH) {
                builder.dns(MeshDns.clusterLocal());
            }
            OkHttpClient client = derivation.derive.apply(builder).build();

            Span caller = sdk.getTracer("test")
                    .spanBuilder("GET /orders")
                    .setSpanKind(SpanKind.SERVER)
                    .startSpan();
            CompletableFuture<Integer> status;
            try (Scope scope = caller.makeCurrent()) {
                status = Enqueued.status(client.newCall(
                        new Request.Builder().url("http://catalog/items").build()));
            } finally {
                caller.end();
            }
            assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);

            String traceparent = upstream.requestHeaders().get(0).get("traceparent");
            assertThat(traceparent).as("traceparent on the wire").isNotNull();
            String[] parts = traceparent.split("-");
            assertThat(parts[1])
                    .as("trace id")
                    .isEqualTo(caller.getSpanContext().getTraceId());
            List<SpanData> spans = exporter.getFinishedSpanItems();
            Optional<SpanData> parent =
                    spans.stream().filter(s -> s.getSpanId().equals(parts[2])).findFirst();
            assertThat(parent).as("the upstream's parent is a recorded span").isPresent();
            assertThat(parent.get().getInstrumentationScopeInfo().getName()).isEqualTo("dev.nala");
            SpanData callSpan = spans.stream()
                    .filter(s ->
                            s.getParentSpanId().equals(caller.getSpanContext().getSpanId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(callSpan.getInstrumentationScopeInfo().getName()).isEqualTo("dev.nala");
            if (mode == DeploymentMode.MESH) {
                assertThat(parent.get().getSpanId()).as("mesh: the call span").isEqualTo(callSpan.getSpanId());
            } else {
                assertThat(parent.get().getParentSpanId())
                        .as("standalone: the call span's attempt span")
                        .isEqualTo(callSpan.getSpanId());
            }
        }
    }
}
