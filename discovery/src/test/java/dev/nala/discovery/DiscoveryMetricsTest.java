package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.nala.DeploymentMode;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.testing.LogCapture;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code nala.discovery.refreshes} and {@code nala.discovery.consul.staleness} against a scripted Consul. */
class DiscoveryMetricsTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Attributes PAYMENTS_STANDALONE = Attributes.builder()
            .put("nala.service", "payments")
            .put("nala.deployment_mode", "standalone")
            .build();

    private final ConsulStandIn consul = ConsulStandIn.start();
    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setMeterProvider(
                    SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build();
    private final LogCapture logs = new LogCapture("dev.nala");
    private ServiceDiscovery discovery;

    @AfterEach
    void stop() {
        if (discovery != null) {
            discovery.close();
        }
        consul.close();
        sdk.close();
        logs.close();
    }

    private NalaSettings settings() {
        return TestSettings.load("nala.consul { address = \"" + consul.address() + "\", wait = 1s,"
                + " first-answer-timeout = 10s, watch-rate-limit { per-second = 50, burst = 10 },"
                + " error-backoff { initial = 20ms, max = 200ms } }");
    }

    @Test
    void refreshesCountAnswersAndFailuresPerServiceAndOutcome() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        discovery = ConsulDiscovery.create(settings().consul(), sdk, DeploymentMode.STANDALONE);
        assertThat(discovery.endpoints(PAYMENTS)).containsExactly(Endpoint.of("10.0.0.1", 8080));
        await().atMost(PATIENCE).until(() -> refreshes("success") >= 1);
        assertThat(refreshes("error")).isZero();

        consul.answerErrors(500, "No cluster leader");
        await().atMost(PATIENCE).until(() -> refreshes("error") >= 2);
        long successesDuringOutage = refreshes("success");

        consul.answerNormally();
        await().atMost(PATIENCE).until(() -> refreshes("success") > successesDuringOutage);

        MetricData metric = metric(DiscoveryMetrics.REFRESHES).orElseThrow();
        assertThat(metric.getUnit()).isEqualTo("{refresh}");
        assertThat(metric.getLongSumData().isMonotonic()).isTrue();
        assertThat(metric.getLongSumData().getPoints())
                .extracting(LongPointData::getAttributes)
                .containsExactlyInAnyOrder(
                        PAYMENTS_STANDALONE.toBuilder()
                                .put("nala.discovery.outcome", "success")
                                .build(),
                        PAYMENTS_STANDALONE.toBuilder()
                                .put("nala.discovery.outcome", "error")
                                .build());
    }

    @Test
    void stalenessIsZeroWhileConsulAnswersAndGrowsDuringAnOutage() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        discovery = ConsulDiscovery.create(settings().consul(), sdk, DeploymentMode.STANDALONE);
        discovery.endpoints(PAYMENTS);
        assertThat(staleness()).contains(0.0);
        assertThat(metric(DiscoveryMetrics.STALENESS).orElseThrow().getUnit()).isEqualTo("s");

        consul.goDown();
        await().atMost(PATIENCE).until(() -> staleness().orElse(0.0) > 0);
        double first = staleness().orElseThrow();
        await().atMost(PATIENCE).until(() -> staleness().orElseThrow() > first);

        consul.comeBack();
        await().atMost(PATIENCE).until(() -> staleness().orElse(-1.0) == 0.0);
        assertThat(logs.messages(Level.INFO, "answers again for service payments"))
                .singleElement()
                .satisfies(line -> assertThat(line).containsPattern("failed request\\(s\\) over \\d+m?s"));
    }

    @Test
    void stalenessCountsFromTheWatchStartWhenConsulNeverAnswered() {
        consul.goDown();
        discovery = ConsulDiscovery.create(settings().consul(), sdk, DeploymentMode.STANDALONE);
        Thread caller = new Thread(() -> {
            try {
                discovery.endpoints(PAYMENTS);
            } catch (Exception expected) {
                // Consul is down: the first call waits, then fails.
            }
        });
        caller.setDaemon(true);
        caller.start();
        await().atMost(PATIENCE).until(() -> staleness().orElse(0.0) > 0);
        assertThat(refreshes("success")).isZero();
    }

    @Test
    void closingUnregistersTheGauge() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        discovery = ConsulDiscovery.create(settings().consul(), sdk, DeploymentMode.STANDALONE);
        discovery.endpoints(PAYMENTS);
        assertThat(staleness()).isPresent();
        discovery.close();
        assertThat(staleness()).isEmpty();
    }

    @Test
    void perServiceDiscoveryPassesTheMetricsToItsConsulSource() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        discovery = PerServiceDiscovery.create(settings(), sdk, DeploymentMode.STANDALONE);
        discovery.endpoints(PAYMENTS);
        await().atMost(PATIENCE).until(() -> refreshes("success") >= 1);
        assertThat(staleness()).contains(0.0);
    }

    private Optional<MetricData> metric(String name) {
        Collection<MetricData> all = reader.collectAllMetrics();
        return all.stream().filter(m -> m.getName().equals(name)).findFirst();
    }

    private long refreshes(String outcome) {
        Attributes wanted = PAYMENTS_STANDALONE.toBuilder()
                .put("nala.discovery.outcome", outcome)
                .build();
        return metric(DiscoveryMetrics.REFRESHES)
                .flatMap(m -> m.getLongSumData().getPoints().stream()
                        .filter(p -> p.getAttributes().equals(wanted))
                        .findFirst())
                .map(LongPointData::getValue)
                .orElse(0L);
    }

    private Optional<Double> staleness() {
        Optional<MetricData> metric = metric(DiscoveryMetrics.STALENESS);
        if (metric.isEmpty()) {
            return Optional.empty();
        }
        List<DoublePointData> points =
                List.copyOf(metric.get().getDoubleGaugeData().getPoints());
        assertThat(points).hasSize(1);
        assertThat(points.get(0).getAttributes()).isEqualTo(PAYMENTS_STANDALONE);
        return Optional.of(points.get(0).getValue());
    }
}
