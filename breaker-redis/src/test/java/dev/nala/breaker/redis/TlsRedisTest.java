package dev.nala.breaker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.nala.breaker.redis.testing.RedisServer;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.Secret;
import dev.nala.mode.standalone.breaker.CircuitBreakerSharing;
import dev.nala.testing.LogCapture;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rediss:// against a real redis-server speaking TLS with a certificate from a test CA. */
class TlsRedisTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final Timings QUICK = new Timings(
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofMillis(100),
            Duration.ofMillis(500),
            Duration.ofMillis(500));
    private static final String PASSWORD = "tls-Pa55word-3";

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final LogCapture logs = LogCapture.everyLogger();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        logs.close();
    }

    /** A server whose certificate, from a test CA, names {@code serverName}. */
    private RedisServer tlsServer(String serverName) throws Exception {
        HeldCertificate ca = new HeldCertificate.Builder()
                .certificateAuthority(0)
                .commonName("test CA")
                .build();
        HeldCertificate server = new HeldCertificate.Builder()
                .signedBy(ca)
                .commonName(serverName)
                .addSubjectAlternativeName(serverName)
                .build();
        Path certificate = Files.writeString(dir.resolve("server.pem"), server.certificatePem());
        Path key = Files.writeString(dir.resolve("server.key"), server.privateKeyPkcs8Pem());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("test-ca", ca.certificate());
        try (OutputStream out = Files.newOutputStream(trustStore())) {
            trusted.store(out, RedisServer.TRUST_STORE_PASSWORD.toCharArray());
        }
        RedisServer redis = RedisServer.startTls(dir, PASSWORD, certificate, key, trustStore());
        toClose.add(redis);
        return redis;
    }

    private Path trustStore() {
        return dir.resolve("trusted.p12");
    }

    private CircuitBreaker replica(String uri) {
        RedisCircuitState state = RedisCircuitState.start(
                RedisAddress.parse(Secret.of(uri)).withTrustStore(trustStore(), RedisServer.TRUST_STORE_PASSWORD),
                "shop",
                QUICK);
        toClose.add(state);
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("replica");
        CircuitBreakerSharing.attach(PAYMENTS, breaker, state);
        return breaker;
    }

    @Test
    void replicasShareOverTlsWithAPassword() throws Exception {
        RedisServer redis = tlsServer("127.0.0.1");
        String uri = "rediss://:" + PASSWORD + "@127.0.0.1:" + redis.port();
        CircuitBreaker a = replica(uri);
        CircuitBreaker b = replica(uri);
        await("both listening").atMost(Duration.ofSeconds(10)).until(() -> {
            try (var jedis = redis.client()) {
                return jedis.pubsubNumSub("shop:circuit:events").get("shop:circuit:events") >= 2;
            }
        });

        a.transitionToOpenState();

        await("b opens").atMost(Duration.ofSeconds(10)).until(b::getState, State.OPEN::equals);
        assertThat(logs.messages(Level.WARN, "is unavailable")).isEmpty();
        assertThat(logs.everything()).doesNotContain(PASSWORD);
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        RedisServer redis = tlsServer("redis.example.test"); // trusted CA, wrong name

        CircuitBreaker breaker = replica("rediss://:" + PASSWORD + "@127.0.0.1:" + redis.port());

        await("the connection is refused and reported")
                .atMost(Duration.ofSeconds(10))
                .until(() -> logs.messages(Level.WARN, "is unavailable").size() == 1);
        assertThat(logs.messages(Level.WARN, "is unavailable").get(0)).contains("rediss://127.0.0.1:" + redis.port());
        breaker.transitionToOpenState(); // still works on its own
        assertThat(breaker.getState()).isEqualTo(State.OPEN);
        assertThat(logs.everything()).doesNotContain(PASSWORD);
    }
}
