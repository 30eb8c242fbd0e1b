package dev.nala.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.Environment;
import dev.nala.breaker.redis.testing.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * doctor against a real password-protected redis-server, up and stopped, and a mesh service name
 * that resolves (this module's tests read {@code src/test/resources/cluster-hosts}).
 */
class DoctorReachabilityTest {
    private static final String PASSWORD = "doctor-redis-secret";
    private static final Environment NO_VARIABLES = Environment.of(Map.of(), Map.of());

    @TempDir
    Path dir;

    private record Outcome(int exitCode, String out) {}

    private Outcome doctor(Environment environment, String config) throws IOException {
        Path file = dir.resolve("application.conf");
        Files.writeString(file, config);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new DoctorCommand(environment)
                .run(
                        List.of("--config", file.toString()),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private static String sharedBreakers(String redisUri) {
        return """
                nala.redis.uri = "%s"
                nala.services."payment-service" {
                  discovery = static
                  endpoints = ["127.0.0.1:8081"]
                  circuit-breaker.shared-state = redis
                }
                """.formatted(redisUri);
    }

    @Test
    void redisThatAnswersIsShownWithoutItsPassword() throws Exception {
        try (RedisServer redis = RedisServer.start(dir, PASSWORD)) {
            Outcome outcome = doctor(NO_VARIABLES, sharedBreakers(redis.uri()));

            assertThat(outcome.exitCode()).isZero();
            assertThat(outcome.out())
                    .contains("redis://127.0.0.1:" + redis.port())
                    .contains("answers PONG")
                    .contains("OK: 0 errors, 0 warnings")
                    .doesNotContain(PASSWORD);
        }
    }

    @Test
    void redisThatDoesNotAnswerIsAWarningWithoutItsPassword() throws Exception {
        String uri;
        try (RedisServer redis = RedisServer.start(dir, PASSWORD)) {
            uri = redis.uri();
        }

        Outcome outcome = doctor(NO_VARIABLES, sharedBreakers(uri));

        assertThat(outcome.exitCode())
                .as("breakers work without Redis: a warning")
                .isZero();
        assertThat(outcome.out())
                .contains("WARNING redis://127.0.0.1:")
                .contains("does not answer")
                .contains("OK: 0 errors, 1 warning")
                .doesNotContain(PASSWORD);
    }

    @Test
    void aWrongRedisPasswordIsNotEchoed() throws Exception {
        try (RedisServer redis = RedisServer.start(dir, PASSWORD)) {
            Outcome outcome = doctor(NO_VARIABLES, sharedBreakers(redis.uriWithPassword("wrong-secret-123")));

            assertThat(outcome.out())
                    .contains("WARNING redis://127.0.0.1:" + redis.port())
                    .doesNotContain("wrong-secret-123")
                    .doesNotContain(PASSWORD);
        }
    }

    @Test
    void aMeshServiceWhoseNameResolvesIsShownWithItsAddresses() throws Exception {
        Environment mesh = Environment.of(Map.of("NALA_DEPLOYMENT_MODE", "mesh"), Map.of());

        Outcome outcome = doctor(mesh, """
                nala.kubernetes.namespace = shop
                nala.services."payment-service".port = 8080
                nala.services."ledger".call-timeout = 2s
                """);

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out())
                .contains("Nala deployment mode: mesh (from env NALA_DEPLOYMENT_MODE)")
                .contains("resolves as payment-service.shop.svc.cluster.local:8080, in DNS: 127.0.0.1")
                .contains("WARNING ledger.shop.svc.cluster.local:80 does not resolve in DNS from here")
                .contains("OK: 0 errors, 1 warning");
    }
}
