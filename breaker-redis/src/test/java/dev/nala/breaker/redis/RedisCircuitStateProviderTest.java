package dev.nala.breaker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import dev.nala.Environment;
import dev.nala.breaker.redis.testing.RedisServer;
import dev.nala.internal.ServiceName;
import dev.nala.internal.SharedCircuitStates;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.mode.standalone.breaker.CircuitBreakerSharing;
import dev.nala.spi.ModeContext;
import dev.nala.spi.SharedCircuitState;
import dev.nala.testing.LogCapture;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The way a mode finds this module: ServiceLoader, settings from config and env. */
class RedisCircuitStateProviderTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");

    @TempDir
    Path dir;

    private static ModeContext context(String redisUri) {
        Environment environment = Environment.of(Map.of("NALA_REDIS_URI", redisUri));
        NalaSettings settings = NalaSettings.load(
                ConfigFactory.parseString("nala.redis.key-prefix = orders-api\n"
                                + "nala.services.payments.circuit-breaker.shared-state = redis")
                        .withFallback(ConfigFactory.defaultReference())
                        .resolve(),
                environment);
        return new ModeContext(settings, OpenTelemetry.noop(), environment);
    }

    @Test
    void aServiceAskingForRedisGetsItThroughTheServiceLoaderWithTheConfiguredPrefix() throws Exception {
        String password = "provider-Pa55word-5";
        try (RedisServer redis = RedisServer.start(dir, password);
                LogCapture logs = LogCapture.everyLogger();
                SharedCircuitState first = SharedCircuitStates.start(context(redis.uri()));
                SharedCircuitState second = SharedCircuitStates.start(context(redis.uri()))) {
            assertThat(first)
                    .isInstanceOf(RedisCircuitState.class)
                    .hasToString("shared circuit state in Redis at redis://127.0.0.1:" + redis.port()
                            + " (key prefix orders-api)");
            CircuitBreaker a = CircuitBreaker.ofDefaults("a");
            CircuitBreaker b = CircuitBreaker.ofDefaults("b");
            CircuitBreakerSharing.attach(PAYMENTS, a, first);
            CircuitBreakerSharing.attach(PAYMENTS, b, second);
            try (Jedis jedis = redis.client()) {
                await("both listening")
                        .atMost(Duration.ofSeconds(10))
                        .until(() ->
                                jedis.pubsubNumSub("orders-api:circuit:events").get("orders-api:circuit:events") == 2);

                a.transitionToOpenState();

                await("b opens").atMost(Duration.ofSeconds(10)).until(b::getState, State.OPEN::equals);
                assertThat(jedis.exists("orders-api:circuit:payments")).isTrue();
            }
            assertThat(logs.everything())
                    .contains("Sharing circuit breaker openings and closings through Redis at")
                    .doesNotContain(password);
        }
    }
}
