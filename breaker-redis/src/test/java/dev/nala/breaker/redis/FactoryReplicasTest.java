package dev.nala.breaker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import dev.nala.CircuitOpenException;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.breaker.redis.testing.RedisServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Replicas as an application has them: one {@link HttpClientFactory} each, in standalone mode,
 * with {@code circuit-breaker.shared-state = redis} for one service, a real redis-server and a
 * real upstream on loopback. Only replica A can open its breaker by counting (its
 * {@code minimum-calls} is 4); the others need 100 calls, so when they open it is because A did.
 */
class FactoryReplicasTest {
    private static final String SERVICE = "payments";
    private static final Duration SHARED_WITHIN = Duration.ofSeconds(10);
    private static final AttributeKey<String> STATE = AttributeKey.stringKey("nala.circuit_breaker.state");

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final AtomicInteger upstreamRequests = new AtomicInteger();
    private volatile int upstreamStatus = 503;
    private HttpServer upstream;
    private RedisServer redis;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            upstreamRequests.incrementAndGet();
            exchange.sendResponseHeaders(upstreamStatus, -1);
            exchange.close();
        });
        upstream.start();
        redis = RedisServer.start(dir, null);
        toClose.add(redis);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        upstream.stop(0);
    }

    /** One replica with its own metric reader, so its breaker's state can be read without a call. */
    private Replica replica(int minimumCalls, String waitInOpen) {
        String config = "nala.redis { uri = \"" + redis.uri() + "\", key-prefix = shop }\n"
                + "nala.services." + SERVICE + " {\n"
                + "  discovery = static\n"
                + "  endpoints = [\"127.0.0.1:" + upstream.getAddress().getPort() + "\"]\n"
                + "  retry.max-attempts = 1\n"
                + "  outlier-detection.consecutive-failures = 1000\n"
                + "  circuit-breaker { shared-state = redis, minimum-calls = " + minimumCalls
                + ", sliding-window-size = " + minimumCalls + ", failure-rate-threshold = 50"
                + ", wait-in-open = " + waitInOpen + ", half-open-calls = 1 }\n"
                + "}\n";
        InMemoryMetricReader metrics = InMemoryMetricReader.create();
        OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
                .setMeterProvider(
                        SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
        HttpClientFactory factory = HttpClientFactory.builder()
                .mode(DeploymentMode.STANDALONE)
                .config(ConfigFactory.parseString(config))
                .environment(Environment.of(Map.of()))
                .openTelemetry(openTelemetry)
                .build();
        toClose.add(openTelemetry);
        toClose.add(factory);
        return new Replica(factory, metrics);
    }

    @Test
    void threeFactoriesShareAnOpeningAndAClosing() throws Exception {
        Replica a = replica(4, "1s");
        Replica b = replica(100, "60s");
        Replica c = replica(100, "60s");
        // A breaker (and its subscription) is made on the service's first call.
        for (Replica replica : List.of(a, b, c)) {
            assertThat(replica.call()).isEqualTo(503);
        }
        awaitSubscribers(3);

        for (int i = 0; i < 3; i++) {
            assertThat(a.call()).isEqualTo(503);
        }
        assertThatThrownBy(a::call).isInstanceOf(CircuitOpenException.class);
        await("b and c open because a did")
                .atMost(SHARED_WITHIN)
                .until(() -> b.breakerState().equals(Optional.of("open"))
                        && c.breakerState().equals(Optional.of("open")));
        int before = upstreamRequests.get();
        assertThatThrownBy(b::call).isInstanceOf(CircuitOpenException.class);
        assertThatThrownBy(c::call).isInstanceOf(CircuitOpenException.class);
        assertThat(upstreamRequests.get()).as("open breakers send nothing").isEqualTo(before);

        upstreamStatus = 200;
        // A goes half-open after its 1 s wait; its one probe succeeds and closes it.
        await("a's probe closes a")
                .atMost(SHARED_WITHIN)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(CircuitOpenException.class)
                .until(() -> a.call() == 200);
        // B and C make no call in between: only the shared closing can close them.
        await("b and c close because a did")
                .atMost(SHARED_WITHIN)
                .until(() -> b.breakerState().equals(Optional.of("closed"))
                        && c.breakerState().equals(Optional.of("closed")));
        assertThat(b.call()).isEqualTo(200);
        assertThat(c.call()).isEqualTo(200);
    }

    @Test
    void aFactoryStartedLaterPicksUpTheOpenCircuit() throws Exception {
        Replica a = replica(4, "60s");
        for (int i = 0; i < 4; i++) {
            assertThat(a.call()).isEqualTo(503);
        }
        assertThatThrownBy(a::call).isInstanceOf(CircuitOpenException.class);
        try (Jedis jedis = redis.client()) {
            await("the opening is recorded").atMost(SHARED_WITHIN).until(() -> jedis.exists("shop:circuit:" + SERVICE));
        }

        Replica late = replica(100, "60s");
        // Its breaker is made, and the recorded opening read in the background, on its first call.
        await("the late replica fails fast")
                .atMost(SHARED_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    try {
                        late.call();
                        return false;
                    } catch (CircuitOpenException e) {
                        return e.service().equals(SERVICE);
                    }
                });
        assertThat(late.breakerState()).contains("open");
    }

    @Test
    void withRedisKilledCallsAndTheLocalBreakerKeepWorking() throws Exception {
        Replica a = replica(4, "60s");
        upstreamStatus = 200;
        assertThat(a.call()).isEqualTo(200);
        redis.kill();

        for (int i = 0; i < 20; i++) {
            assertThat(a.call()).isEqualTo(200);
        }
        upstreamStatus = 503;
        // The window of 4 now holds 2 successes and 2 failures: 50 %, the threshold.
        for (int i = 0; i < 2; i++) {
            assertThat(a.call()).isEqualTo(503);
        }
        assertThatThrownBy(a::call).isInstanceOf(CircuitOpenException.class);
        assertThat(upstreamRequests.get()).isEqualTo(23);
    }

    private void awaitSubscribers(long count) {
        try (Jedis jedis = redis.client()) {
            await(count + " replicas listening")
                    .atMost(SHARED_WITHIN)
                    .until(() -> jedis.pubsubNumSub("shop:circuit:events").get("shop:circuit:events") >= count);
        }
    }

    private final class Replica {
        private final HttpClientFactory factory;
        private final InMemoryMetricReader metrics;

        Replica(HttpClientFactory factory, InMemoryMetricReader metrics) {
            this.factory = factory;
            this.metrics = metrics;
        }

        /** @return the status the caller got */
        int call() throws IOException {
            Request request =
                    new Request.Builder().url("http://" + SERVICE + "/charge").build();
            try (Response response = factory.client().newCall(request).execute()) {
                return response.code();
            }
        }

        /** The state the breaker gauge reports as current (value 1), if the breaker exists. */
        Optional<String> breakerState() {
            for (MetricData metric : metrics.collectAllMetrics()) {
                if (!metric.getName().equals("nala.client.circuit_breaker.state")) {
                    continue;
                }
                for (LongPointData point : metric.getLongGaugeData().getPoints()) {
                    if (point.getValue() == 1) {
                        return Optional.ofNullable(point.getAttributes().get(STATE));
                    }
                }
            }
            return Optional.empty();
        }
    }
}
