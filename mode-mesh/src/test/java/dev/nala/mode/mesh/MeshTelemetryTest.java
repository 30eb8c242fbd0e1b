package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mesh mode's telemetry: the factory's call span is the one span of the single attempt, its id
 * is the parent id the sidecar receives, and the only metric a mesh call records is
 * {@code http.client.request.duration}.
 */
class MeshTelemetryTest {
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("nala.service");
    private static final AttributeKey<String> MODE = AttributeKey.stringKey("nala.deployment_mode");

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private final MockWebServer sidecar = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        sidecar.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        sidecar.close();
    }

    private HttpClientFactory factory() {
        return MeshFactories.mesh(
                "nala.services.\"payment-service\".port = " + sidecar.getPort(),
                Map.of("KUBERNETES_NAMESPACE", "shop"),
                otel.getOpenTelemetry());
    }

    private int call(HttpClientFactory factory) throws IOException {
        OkHttpClient client =
                factory.client().newBuilder().dns(ClusterDns.clusterLocal()).build();
        try (Response response = client.newCall(new Request.Builder()
                        .url("http://payment-service/charge?card=4111")
                        .build())
                .execute()) {
            return response.code();
        }
    }

    @Test
    void theTraceparentTheSidecarReceivesHasTheCallSpanAsParent() throws Exception {
        sidecar.enqueue(new MockResponse.Builder().build());
        try (HttpClientFactory factory = factory()) {
            assertThat(call(factory)).isEqualTo(200);
        }
        RecordedRequest received = sidecar.takeRequest(5, TimeUnit.SECONDS);
        SpanData span = onlySpan();
        String traceparent = received.getHeaders().get("traceparent");
        assertThat(traceparent).startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
        assertThat(traceparent)
                .endsWith("-" + span.getSpanContext().getTraceFlags().asHex());
        assertThat(span.getParentSpanContext().isValid())
                .as("no caller span, no inbound trace: a root")
                .isFalse();

        assertThat(span.getName()).isEqualTo("GET");
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        // The URL the caller used, not the Kubernetes name it was rewritten to.
        assertThat(span.getAttributes().get(AttributeKey.stringKey("server.address")))
                .isEqualTo("payment-service");
        assertThat(span.getAttributes().get(AttributeKey.longKey("server.port")))
                .isEqualTo(80L);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("url.full")))
                .isEqualTo("http://payment-service/charge?card=REDACTED");
        assertThat(span.getAttributes().get(SERVICE)).isEqualTo("payment-service");
        assertThat(span.getAttributes().get(MODE)).isEqualTo("mesh");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("http.request.resend_count")))
                .isNull();
        assertThat(received.getUrl().host()).isEqualTo("payment-service.shop.svc.cluster.local");
    }

    @Test
    void aFailedSingleAttemptIsOneErrorSpanAndOneMeasurementAndNothingElse() throws Exception {
        sidecar.enqueue(new MockResponse.Builder().code(503).build());
        sidecar.enqueue(new MockResponse.Builder().code(200).build());
        try (HttpClientFactory factory = factory()) {
            assertThat(call(factory)).isEqualTo(503);
        }
        assertThat(sidecar.getRequestCount()).isEqualTo(1);
        SpanData span = onlySpan();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
                .isEqualTo("503");

        List<MetricData> metrics = otel.getMetrics();
        assertThat(metrics).extracting(MetricData::getName).containsExactly("http.client.request.duration");
        HistogramPointData point =
                metrics.get(0).getHistogramData().getPoints().iterator().next();
        assertThat(point.getCount()).isEqualTo(1);
        assertThat(point.getAttributes())
                .isEqualTo(Attributes.builder()
                        .put("http.request.method", "GET")
                        .put("server.address", "payment-service")
                        .put("server.port", 80L)
                        .put("http.response.status_code", 503L)
                        .put("error.type", "503")
                        .put("network.protocol.version", "1.1")
                        .put("nala.service", "payment-service")
                        .put("nala.deployment_mode", "mesh")
                        .build());
    }

    private static SpanData onlySpan() {
        assertThat(otel.getSpans()).hasSize(1);
        return otel.getSpans().get(0);
    }
}
