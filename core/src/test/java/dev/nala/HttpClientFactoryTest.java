package dev.nala;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import com.typesafe.config.ConfigFactory;
import dev.nala.testing.LogCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class HttpClientFactoryTest {

    private static HttpClientFactory.Builder isolated() {
        return HttpClientFactory.builder().environment(Environment.of(Map.of())).config(ConfigFactory.empty());
    }

    @Test
    void clientIsOneSharedInstance() {
        try (HttpClientFactory factory = isolated().build()) {
            OkHttpClient first = factory.client();
            assertThat(factory.client()).isSameAs(first);
        }
    }

    @Test
    void okHttpsOwnRetriesStayOffEvenIfAModeTurnsThemOn() {
        // RecordingModeProvider's chain switches retryOnConnectionFailure on; the factory has the last word.
        for (DeploymentMode mode : DeploymentMode.values()) {
            try (HttpClientFactory factory = isolated().mode(mode).build()) {
                assertThat(factory.client().retryOnConnectionFailure())
                        .as(mode.name())
                        .isFalse();
            }
        }
    }

    @Test
    void closeIsIdempotentAndClosesTheModeOnce() {
        int before = RecordingModeProvider.closes.get();
        HttpClientFactory factory = isolated().build();
        factory.close();
        factory.close();
        assertThat(RecordingModeProvider.closes.get() - before).isEqualTo(1);
        assertThat(factory.client().dispatcher().executorService().isShutdown()).isTrue();
    }

    @Test
    void callsAfterCloseFailWithAClearError() throws IOException {
        HttpClientFactory factory = isolated().build();
        factory.close();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://user:pw-1@127.0.0.1:" + server.getLocalPort() + "/orders?secret=1";
            assertThatThrownBy(() -> factory.client()
                            .newCall(new Request.Builder().url(url).build())
                            .execute())
                    .isInstanceOf(FactoryClosedException.class)
                    .hasMessageContaining("http://127.0.0.1:" + server.getLocalPort() + "/orders")
                    .hasMessageNotContaining("secret")
                    .hasMessageNotContaining("pw-1");
        }
    }

    @Test
    void logsExactlyOneInfoLineNamingModeAndSource() {
        try (LogCapture log = new LogCapture(HttpClientFactory.class)) {
            isolated()
                    .environment(Environment.of(Map.of("NALA_DEPLOYMENT_MODE", "mesh")))
                    .build()
                    .close();
            assertThat(log.messages(Level.INFO))
                    .containsExactly("Nala deployment mode MESH (from env NALA_DEPLOYMENT_MODE)");
        }
    }

    @Test
    void handsTheModeValidatedSettingsTheOpenTelemetryAndTheEnvironment() {
        Environment environment = Environment.of(Map.of("CONSUL_HTTP_ADDR", "10.1.2.3:8500"));
        try (HttpClientFactory factory = isolated().environment(environment).build()) {
            assertThat(RecordingModeProvider.lastContext.environment()).isSameAs(environment);
            assertThat(RecordingModeProvider.lastContext
                            .settings()
                            .consul()
                            .address()
                            .toString())
                    .isEqualTo("http://10.1.2.3:8500/");
            assertThat(RecordingModeProvider.lastContext.openTelemetry()).isNotNull();
        }
    }

    @Test
    void userConfigIsLayeredOverNalasDefaults() {
        try (HttpClientFactory factory = isolated()
                .config(ConfigFactory.parseString("nala.defaults.retry.max-attempts = 2"))
                .build()) {
            var settings = RecordingModeProvider.lastContext.settings();
            assertThat(settings.defaults().retry().maxAttempts()).isEqualTo(2);
            assertThat(settings.defaults().port()).isEqualTo(80);
        }
    }

    @Test
    void createWithoutArgumentsReadsApplicationConf() {
        // No application.conf on core's test classpath: the shipped defaults apply.
        assumeTrue(System.getenv("NALA_DEPLOYMENT_MODE") == null, "NALA_DEPLOYMENT_MODE is set in this shell");
        try (HttpClientFactory factory = HttpClientFactory.create()) {
            assertThat(factory.mode()).isEqualTo(DeploymentMode.STANDALONE);
            assertThat(RecordingModeProvider.lastContext.settings().defaults().callTimeout())
                    .isEqualTo(Duration.ofSeconds(10));
        }
    }
}
