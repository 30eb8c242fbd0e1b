package dev.nala.breaker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.Secret;
import dev.nala.mode.standalone.breaker.CircuitBreakerSharing;
import dev.nala.testing.LogCapture;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A "Redis" that accepts connections and never answers (a hung server, a black-holed network).
 * Nothing here needs redis-server. The bounds below are generous: they prove that nothing waits
 * for Redis's replies (which never come), not how fast anything is.
 */
class UnresponsiveRedisTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final ExecutorService caller = Executors.newSingleThreadExecutor();
    private ServerSocket blackHole;
    private Thread acceptor;
    private LogCapture logs;

    @BeforeEach
    void openABlackHole() throws IOException {
        logs = LogCapture.everyLogger();
        blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(
                () -> {
                    for (int i = 0; i < 100 && !blackHole.isClosed(); i++) {
                        try {
                            accepted.add(blackHole.accept()); // read nothing, answer nothing
                        } catch (IOException closed) {
                            return;
                        }
                    }
                },
                "black-hole-acceptor");
        acceptor.start();
    }

    @AfterEach
    void closeIt() throws Exception {
        caller.shutdownNow();
        blackHole.close();
        for (Socket socket : accepted) {
            socket.close();
        }
        acceptor.join(5_000);
        logs.close();
    }

    @Test
    void transitionsCallsAndPublishingDoNotWaitForAServerThatNeverAnswers() throws Exception {
        RedisCircuitState state = RedisCircuitState.start(
                RedisAddress.parse(Secret.of("redis://:pw@127.0.0.1:" + blackHole.getLocalPort())),
                "shop",
                Timings.DEFAULT);
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("payments");
        CircuitBreakerSharing.attach(PAYMENTS, breaker, state);
        await("the state has connected to the black hole")
                .atMost(Duration.ofSeconds(10))
                .until(() -> !accepted.isEmpty());

        Future<String> work = caller.submit(() -> {
            for (int i = 0; i < 50; i++) {
                breaker.transitionToOpenState();
                breaker.transitionToClosedState();
                state.publishOpened(PAYMENTS, Duration.ofSeconds(30));
                state.publishClosed(PAYMENTS);
            }
            for (int i = 0; i < 100; i++) {
                breaker.executeSupplier(() -> "called");
            }
            return breaker.executeSupplier(() -> "called");
        });

        assertThat(work.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("called");
        assertThat(breaker.getState()).isEqualTo(State.CLOSED);
        await("the unanswered commands time out and are reported once")
                .atMost(Duration.ofSeconds(15))
                .until(() -> logs.messages(Level.WARN, "is unavailable").size() == 1);
        assertThat(logs.everything()).doesNotContain(":pw@");

        Future<?> closing = caller.submit(state::close);
        closing.get(10, TimeUnit.SECONDS); // close() aborts the hung reads instead of waiting them out
    }
}
