package dev.nala.e2e.realservers;

import dev.nala.DeploymentMode;
import dev.nala.HttpClientFactory;
import dev.nala.e2e.support.MeshDns;
import dev.nala.e2e.support.ModeFactories;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The client of one {@link Scenario}: a factory of its own, built as an application builds it
 * (the mode from {@code NALA_DEPLOYMENT_MODE}), with every setting at its default except where the
 * service lives, and an OpenTelemetry SDK whose metrics the test reads back.
 *
 * <ul>
 *   <li>mesh: {@code payment-service} becomes {@code payment-service.shop.svc.cluster.local} on
 *       the service's port, the server's; the test's cluster DNS resolves it to 127.0.0.1;
 *   <li>standalone: static discovery with the one endpoint {@code 127.0.0.1:<port>}.
 * </ul>
 */
final class ClientUnderTest implements AutoCloseable {
    static final String SERVICE = "payment-service";
    private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setMeterProvider(
                    SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();
    private final HttpClientFactory factory;
    private final OkHttpClient client;

    ClientUnderTest(DeploymentMode mode, int port) {
        if (mode == DeploymentMode.MESH) {
            factory = ModeFactories.mesh("nala.services.\"" + SERVICE + "\".port = " + port, openTelemetry);
            client = factory.client().newBuilder().dns(MeshDns.clusterLocal()).build();
        } else {
            factory = ModeFactories.standalone(
                    "nala.services.\"" + SERVICE + "\" { discovery = static," + " endpoints = [\"127.0.0.1:" + port
                            + "\"] }",
                    openTelemetry);
            client = factory.client();
        }
    }

    /**
     * One call as an application makes it, the body read whole. A POST carries a small body and
     * no {@code Idempotency-Key}.
     */
    CallOutcome call(String method, String path) {
        Request.Builder request = new Request.Builder().url("http://" + SERVICE + path);
        if (method.equals("POST")) {
            request.post(RequestBody.create("order for " + path, TEXT));
        } else {
            request.get();
        }
        try (Response response = client.newCall(request.build()).execute()) {
            response.body().string();
            return response.isSuccessful() ? CallOutcome.ok(path) : CallOutcome.failed(path, "HTTP " + response.code());
        } catch (IOException | RuntimeException e) {
            return CallOutcome.failed(path, e.toString());
        }
    }

    /** The sum of every point of the long counter {@code name}; 0 if it was never incremented. */
    long counter(String name) {
        return metrics.collectAllMetrics().stream()
                .filter(metric -> metric.getName().equals(name))
                .flatMap(metric -> metric.getLongSumData().getPoints().stream())
                .mapToLong(LongPointData::getValue)
                .sum();
    }

    @Override
    public void close() {
        factory.close();
        openTelemetry.close();
    }
}
