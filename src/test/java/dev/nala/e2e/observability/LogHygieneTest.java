package dev.nala.e2e.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.breaker.redis.testing.RedisServer;
import dev.nala.discovery.PerServiceDiscovery;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.e2e.support.ScriptedUpstream;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.NalaSettings;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * No secret reaches a log line (at DEBUG), an exception message or a span: calls through the
 * factory in both modes carry Authorization, Cookie, X-Consul-Token and Proxy-Authorization
 * values, the upstream answers Set-Cookie, and the configuration holds a Consul ACL token and a
 * Redis password (configured only: no service shares breaker state there); discovery talks to a
 * Consul that first rejects the token, then accepts it. The Redis password is tested against a
 * real redis-server in {@link #theRedisPasswordIsInNoLogLineWhetherRedisAcceptsItRefusesItOrIsDown}.
 */
class LogHygieneTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String AUTHORIZATION = "Bearer auth-" + RUN;
    private static final String COOKIE = "session=cookie-" + RUN;
    private static final String SET_COOKIE = "session=set-cookie-" + RUN;
    private static final String CONSUL_HEADER = "consul-header-" + RUN;
    private static final String PROXY_AUTHORIZATION = "Basic proxy-" + RUN;
    private static final String CONSUL_TOKEN = "consul-token-" + RUN;
    private static final String REDIS_PASSWORD = "redis-password-" + RUN;
    private static final List<String> SECRETS = List.of(
            "auth-" + RUN,
            "cookie-" + RUN,
            "set-cookie-" + RUN,
            CONSUL_HEADER,
            "proxy-" + RUN,
            CONSUL_TOKEN,
            REDIS_PASSWORD);

    @ParameterizedTest
    @EnumSource(DeploymentMode.class)
    void noSecretIsLoggedThrownOrTraced(DeploymentMode mode) throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        List<String> thrown = new ArrayList<>();
        try (CapturedLogs logs = new CapturedLogs();
                ConsulStandIn consul = ConsulStandIn.start();
                ScriptedUpstream upstream = ScriptedUpstream.start(n -> n % 2 == 1
                        ? new MockResponse.Builder()
                                .code(200)
                                .addHeader("Set-Cookie", SET_COOKIE)
                                .body("ok")
                                .build()
                        : ScriptedUpstream.status(500));
                OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder()
                                .addSpanProcessor(SimpleSpanProcessor.create(spans))
                                .build())
                        .build()) {
            consul.register("payments", "payments-1", "127.0.0.1", upstream.port());
            consul.requireToken("some-other-token");
            String hocon = "nala.consul { address = \"" + consul.address() + "\", token = \"" + CONSUL_TOKEN + "\","
                    + " first-answer-timeout = 1s, wait = 1s, error-backoff { initial = 20ms, max = 100ms } }\n"
                    + "nala.redis.uri = \"redis://:" + REDIS_PASSWORD + "@127.0.0.1:6379\"\n"
                    + "nala.defaults.call-timeout = 5s\n";
            Environment environment = Environment.of(Map.of("KUBERNETES_NAMESPACE", "shop"));

            try (HttpClientFactory factory = HttpClientFactory.builder()
                    .config(ConfigFactory.parseString(hocon))
                    .environment(environment)
                    .mode(mode)
                    .openTelemetry(sdk)
                    .build()) {
                OkHttpClient client = factory.client();
                String base = "http://127.0.0.1:" + upstream.port();
                for (String path : List.of("/charge", "/refund", "/charge?again")) {
                    try (Response response =
                            client.newCall(withSecrets(base + path)).execute()) {
                        response.body().string();
                    }
                }
                int closedPort;
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    closedPort = socket.getLocalPort();
                }
                try (Response response = client.newCall(withSecrets("http://127.0.0.1:" + closedPort + "/x"))
                        .execute()) {
                    thrown.add("no failure: " + response.code());
                } catch (IOException e) {
                    describe(e, thrown);
                }
            }
            // Every second request gets a 500: mesh sends each of the 3 calls once; standalone repeats
            // the two calls that got a 500, and each repeat gets a 200.
            assertThat(upstream.requestCount()).isEqualTo(mode == DeploymentMode.MESH ? 3 : 5);
            assertThat(upstream.requestHeaders().get(0).get("Authorization"))
                    .as("sent as given")
                    .isEqualTo(AUTHORIZATION);

            // Discovery with the configured token: first rejected (WARN), then accepted (INFO).
            NalaSettings settings = NalaSettings.load(
                    ConfigFactory.parseString(hocon)
                            .withFallback(ConfigFactory.defaultReference())
                            .resolve(),
                    environment);
            try (PerServiceDiscovery discovery = PerServiceDiscovery.create(settings, sdk, DeploymentMode.STANDALONE)) {
                try {
                    discovery.endpoints(ServiceName.of("payments"));
                    thrown.add("no failure from discovery");
                } catch (IOException e) {
                    describe(e, thrown);
                }
                consul.requireToken(CONSUL_TOKEN);
                await().atMost(Duration.ofSeconds(15))
                        .ignoreExceptions()
                        .until(() ->
                                discovery.endpoints(ServiceName.of("payments")).size() == 1);
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> logs.everything().contains("answers again"));
            }

            String logged = logs.everything();
            assertThat(logged)
                    .as("the test did log something at DEBUG")
                    .contains("DEBUG")
                    .contains("HTTP 403");
            assertThat(String.join("\n", thrown)).contains("ConnectException");
            String traced = describe(spans.getFinishedSpanItems());
            assertThat(traced).contains("http.request.method");
            for (String secret : SECRETS) {
                assertThat(logged).as("logs").doesNotContain(secret);
                assertThat(String.join("\n", thrown)).as("exception messages").doesNotContain(secret);
                assertThat(traced).as("spans").doesNotContain(secret);
            }
        }
    }

    /**
     * Standalone mode sharing breaker state through a real password-protected redis-server: the
     * password is accepted (an opening is written to Redis), refused (a wrong one), and Redis is
     * down and comes back. Neither password is in any log line (Nala's, OkHttp's and Jedis's at
     * DEBUG), while the lines that name Redis are there.
     */
    @Test
    void theRedisPasswordIsInNoLogLineWhetherRedisAcceptsItRefusesItOrIsDown(@TempDir Path dir) throws Exception {
        String wrongPassword = "wrong-redis-password-" + RUN;
        try (ScriptedUpstream upstream = ScriptedUpstream.start(n -> ScriptedUpstream.status(503));
                RedisServer redis = RedisServer.start(dir, REDIS_PASSWORD)) {
            String redisAt = "Redis at redis://127.0.0.1:" + redis.port();

            try (CapturedLogs logs = new CapturedLogs()) {
                try (HttpClientFactory factory =
                        sharingBreakerState(redis.uriWithPassword(REDIS_PASSWORD), upstream.port())) {
                    callPayments(factory);
                    callPayments(factory);
                    await("the opening written to Redis")
                            .atMost(Duration.ofSeconds(15))
                            .until(() -> {
                                try (Jedis jedis = redis.client()) {
                                    return jedis.exists("hygiene:circuit:payments");
                                }
                            });
                }
                assertNoRedisPassword(logs, "password accepted", REDIS_PASSWORD, wrongPassword);
                assertThat(logs.everything())
                        .contains("Sharing circuit breaker openings and closings through " + redisAt);
            }

            try (CapturedLogs logs = new CapturedLogs()) {
                try (HttpClientFactory factory =
                        sharingBreakerState(redis.uriWithPassword(wrongPassword), upstream.port())) {
                    callPayments(factory);
                    await("the WARN for the refused password")
                            .atMost(Duration.ofSeconds(15))
                            .until(() -> logs.everything().contains(" is unavailable ("));
                }
                assertNoRedisPassword(logs, "password refused", REDIS_PASSWORD, wrongPassword);
                assertThat(logs.everything()).contains(redisAt).contains("WRONGPASS");
            }

            redis.kill();
            try (CapturedLogs logs = new CapturedLogs()) {
                try (HttpClientFactory factory =
                        sharingBreakerState(redis.uriWithPassword(REDIS_PASSWORD), upstream.port())) {
                    callPayments(factory);
                    await("the WARN for Redis down")
                            .atMost(Duration.ofSeconds(15))
                            .until(() -> logs.everything().contains(" is unavailable ("));
                    redis.restart();
                    await("the INFO for Redis back")
                            .atMost(Duration.ofSeconds(30))
                            .until(() -> logs.everything().contains(" is reachable again"));
                }
                assertNoRedisPassword(logs, "Redis down, then back", REDIS_PASSWORD, wrongPassword);
                assertThat(logs.everything()).contains(redisAt).contains("JedisConnectionException");
            }
        }
    }

    private static HttpClientFactory sharingBreakerState(String redisUri, int upstreamPort) {
        String hocon = "nala.redis { uri = \"" + redisUri + "\", key-prefix = hygiene }\n"
                + "nala.services.payments {\n"
                + "  discovery = static, endpoints = [\"127.0.0.1:" + upstreamPort + "\"]\n"
                + "  retry.max-attempts = 1\n"
                + "  outlier-detection.consecutive-failures = 1000\n"
                + "  circuit-breaker { shared-state = redis, minimum-calls = 2, sliding-window-size = 2 }\n"
                + "}\n";
        return HttpClientFactory.builder()
                .config(ConfigFactory.parseString(hocon))
                .environment(Environment.of(Map.of()))
                .mode(DeploymentMode.STANDALONE)
                .build();
    }

    /** One call to the 503 upstream, or a refusal by the open breaker; either is fine here. */
    private static void callPayments(HttpClientFactory factory) {
        try (Response response = factory.client()
                .newCall(new Request.Builder().url("http://payments/charge").build())
                .execute()) {
            response.body().string();
        } catch (IOException refused) {
            // CircuitOpenException once the breaker is open
        }
    }

    private static void assertNoRedisPassword(CapturedLogs logs, String phase, String... passwords) {
        String logged = logs.everything();
        assertThat(logged).as("%s: something was logged", phase).isNotEmpty();
        for (String password : passwords) {
            assertThat(logged).as("%s: logs", phase).doesNotContain(password);
        }
    }

    private static Request withSecrets(String url) {
        return new Request.Builder()
                .url(url)
                .header("Authorization", AUTHORIZATION)
                .header("Cookie", COOKIE)
                .header("X-Consul-Token", CONSUL_HEADER)
                .header("Proxy-Authorization", PROXY_AUTHORIZATION)
                .build();
    }

    private static void describe(Throwable failure, List<String> into) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            into.add(t.getClass().getName() + ": " + t.getMessage() + " " + t);
            for (Throwable suppressed : t.getSuppressed()) {
                into.add(suppressed.toString());
            }
        }
    }

    private static String describe(List<SpanData> finished) {
        StringBuilder all = new StringBuilder();
        for (SpanData span : finished) {
            all.append(span.getName()).append(' ').append(span.getAttributes()).append('\n');
            span.getEvents()
                    .forEach(event -> all.append("  ")
                            .append(event.getName())
                            .append(' ')
                            .append(event.getAttributes())
                            .append('\n'));
        }
        return all.toString();
    }
}
