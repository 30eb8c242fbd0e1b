package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nala.NalaConfigurationException;
import dev.nala.ServiceDiscoveryException;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ConsulSettings;
import dev.nala.testing.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Consul token and a password in the Consul address never appear in an exception message, a
 * stack trace or a log line (of any logger), whatever shape they come in.
 */
class SecretsStayHiddenTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final String TOKEN = "6c1f0e34-aaaa-bbbb-cccc-0123456789ab";
    private static final String PASSWORD = "pw-9f8e7d6c";

    private final ConsulStandIn consul = ConsulStandIn.start();
    private final LogCapture logs = LogCapture.everyLogger();

    @AfterEach
    void stop() {
        consul.close();
        logs.close();
    }

    private ConsulSettings settings(String extra, Map<String, String> env) {
        return TestSettings.load(
                        "nala.consul { address = \"" + consul.address() + "\", wait = 1s,"
                                + " error-backoff { initial = 20ms, max = 200ms } }\n" + extra,
                        env)
                .consul();
    }

    private static String stackTrace(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    @Test
    void aTokenEndingInALineBreakIsTrimmedAndWorks() throws Exception {
        consul.requireToken(TOKEN);
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        ConsulSettings settings = settings("", Map.of("CONSUL_HTTP_TOKEN", TOKEN + "\n"));
        try (ConsulDiscovery discovery = ConsulDiscovery.create(settings)) {
            assertThat(discovery.endpoints(PAYMENTS)).containsExactly(Endpoint.of("10.0.0.1", 8080));
            await().atMost(Duration.ofSeconds(5)).until(() -> consul.requestCount("payments") >= 2);
        }
        assertThat(consul.requests())
                .allSatisfy(
                        request -> assertThat(request.header("X-Consul-Token")).contains(TOKEN));
        assertThat(settings.toString()).doesNotContain(TOKEN);
        assertThat(logs.everything()).doesNotContain(TOKEN);
    }

    @Test
    void aTokenWithALineBreakInsideIsRefusedWhenSettingsLoadWithoutShowingIt() {
        String[] halves = {"6c1f0e34-aaaa-bbbb", "cccc-0123456789ab"};
        for (String token : List.of(halves[0] + "\r\n" + halves[1], halves[0] + "\n" + halves[1])) {
            NalaConfigurationException fromEnv = assertThrows(
                    NalaConfigurationException.class, () -> settings("", Map.of("CONSUL_HTTP_TOKEN", token)));
            NalaConfigurationException fromKey = assertThrows(
                    NalaConfigurationException.class,
                    () -> settings(
                            "nala.consul.token = \""
                                    + token.replace("\r", "\\r").replace("\n", "\\n") + "\"",
                            Map.of()));
            assertThat(fromEnv.getMessage()).contains("env CONSUL_HTTP_TOKEN");
            assertThat(fromKey.getMessage()).contains("config key nala.consul.token");
            for (NalaConfigurationException error : List.of(fromEnv, fromKey)) {
                assertThat(error.getMessage()).contains("printable ASCII").contains("not shown");
                assertThat(stackTrace(error)).doesNotContain(halves[0]).doesNotContain(halves[1]);
            }
        }
        assertThat(logs.everything()).doesNotContain(halves[0]).doesNotContain(halves[1]);
    }

    @Test
    void aPasswordInTheConsulAddressIsRefusedWithoutShowingIt() {
        String fromEnv = "http://admin:" + PASSWORD + "@127.0.0.1:" + consul.port();
        List<NalaConfigurationException> errors = List.of(
                assertThrows(
                        NalaConfigurationException.class,
                        () -> TestSettings.load("", Map.of("CONSUL_HTTP_ADDR", fromEnv))
                                .consul()),
                assertThrows(
                        NalaConfigurationException.class,
                        () -> TestSettings.load("", Map.of("CONSUL_HTTP_ADDR", "admin:" + PASSWORD + "@127.0.0.1:8500"))
                                .consul()),
                assertThrows(
                        NalaConfigurationException.class,
                        () -> TestSettings.load(
                                        "nala.consul.address = \"https://admin:" + PASSWORD + "@consul.internal:8501\"")
                                .consul()),
                // Not even a password holding URL syntax, which no URL parser takes as user info.
                assertThrows(
                        NalaConfigurationException.class,
                        () -> TestSettings.load(
                                        "",
                                        Map.of(
                                                "CONSUL_HTTP_ADDR",
                                                "http://admin:" + PASSWORD + "/x?y#z@127.0.0.1:8500"))
                                .consul()));
        assertThat(errors).allSatisfy(error -> {
            assertThat(error.getMessage())
                    .contains("user info (user:password@) is not supported")
                    .contains("<redacted>@")
                    .contains("nala.consul.token");
            assertThat(stackTrace(error)).doesNotContain(PASSWORD).doesNotContain("admin");
        });
        assertThat(errors.get(0).getMessage())
                .contains("\"http://<redacted>@127.0.0.1:" + consul.port() + "\"")
                .contains("from env CONSUL_HTTP_ADDR");
        assertThat(logs.everything()).doesNotContain(PASSWORD);
    }

    @Test
    void aTokenEchoedByConsulOrAProxyIsRedactedEverywhere() {
        consul.answerErrors(401, "token " + TOKEN + " rejected\nby proxy");
        ConsulSettings settings =
                settings("nala.consul.first-answer-timeout = 500ms", Map.of("CONSUL_HTTP_TOKEN", TOKEN));
        try (ConsulDiscovery discovery = ConsulDiscovery.create(settings)) {
            ServiceDiscoveryException error =
                    assertThrows(ServiceDiscoveryException.class, () -> discovery.endpoints(PAYMENTS));
            DiscoveryPendingException pending = assertThrows(
                    DiscoveryPendingException.class,
                    () -> discovery.endpoints(ServiceName.of("billing"), System.nanoTime()));
            for (Throwable thrown : List.of(error, pending)) {
                assertThat(stackTrace(thrown)).doesNotContain(TOKEN);
            }
            assertThat(error.getMessage()).contains("HTTP 401: token <redacted> rejected?by proxy");
            assertThat(discovery.describe()).doesNotContain(TOKEN);
        }
        assertThat(logs.everything()).doesNotContain(TOKEN);
    }
}
