package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.CallTimeoutException;
import dev.nala.HttpClientFactory;
import dev.nala.testing.Enqueued;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code call-timeout} bounds everything a call waits for, the first discovery answer for its
 * service included: with Consul accepting connections but never answering, a call with a 1 s
 * call timeout fails within 1.5 s (not after the 5 s {@code first-answer-timeout}), with an
 * {@link InterruptedIOException} whose message names the service, the setting and Consul, for
 * {@code execute()} and {@code enqueue()} alike.
 */
class DiscoveryDeadlineTest {
    private ServerSocket silentConsul;
    private HttpClientFactory factory;

    @BeforeEach
    void start() throws IOException {
        // The kernel completes connections to it; nothing ever reads or answers.
        silentConsul = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        factory = StandaloneFactories.standalone("nala.consul.address = \"http://127.0.0.1:"
                + silentConsul.getLocalPort() + "\"\nnala.services.inventory.call-timeout = 1s\n");
    }

    @AfterEach
    void stop() throws IOException {
        factory.close();
        silentConsul.close();
    }

    private static Request request() {
        return new Request.Builder().url("http://inventory/items").build();
    }

    private void assertNamesTheServiceTheSettingAndConsul(Throwable failure) {
        assertThat(failure)
                .isInstanceOf(CallTimeoutException.class)
                .isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("\"inventory\"")
                .hasMessageContaining("1s (its deadline)")
                .hasMessageContaining("Consul at http://127.0.0.1:" + silentConsul.getLocalPort());
    }

    @Test
    void executeFailsByTheCallTimeoutNotTheFirstAnswerTimeout() {
        long start = System.nanoTime();
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> factory.client().newCall(request()).execute());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertNamesTheServiceTheSettingAndConsul(failure);
        assertThat(took).isLessThan(Duration.ofMillis(1500)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void enqueueFailsTheSameWay() throws Exception {
        long start = System.nanoTime();
        IOException failure =
                Enqueued.failure(factory.client().newCall(request())).get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        assertNamesTheServiceTheSettingAndConsul(failure);
    }

    @Test
    void aSecondCallIsBoundedToo() {
        assertThatThrownBy(() -> factory.client().newCall(request()).execute())
                .isInstanceOf(CallTimeoutException.class);
        long start = System.nanoTime();
        assertThatThrownBy(() -> factory.client().newCall(request()).execute())
                .isInstanceOf(InterruptedIOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }
}
