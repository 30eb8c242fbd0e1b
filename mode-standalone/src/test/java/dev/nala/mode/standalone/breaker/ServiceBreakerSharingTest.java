package dev.nala.mode.standalone.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.internal.ServiceName;
import dev.nala.mode.standalone.fixtures.ManualClock;
import dev.nala.mode.standalone.fixtures.TestContexts;
import dev.nala.spi.SharedCircuitState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.core.EventProcessor;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sharing attached to a {@link ServiceBreaker}: it hears the transitions the breaker reports. */
class ServiceBreakerSharingTest {
    private static final ServiceName BILLING = ServiceName.of("billing");

    private final RecordingState state = new RecordingState();
    private ServiceBreakers breakers;
    private ServiceBreaker breaker;
    private CircuitBreaker circuitBreaker;

    @BeforeEach
    void attach() {
        breakers = ServiceBreakers.create(TestContexts.settings(""), OpenTelemetry.noop(), new ManualClock());
        breakers.addCreationListener(created -> CircuitBreakerSharing.attach(created, state));
        breaker = breakers.forService(BILLING);
        circuitBreaker = breaker.circuitBreaker();
    }

    @AfterEach
    void close() {
        breakers.close();
    }

    @Test
    void nothingListensOnTheResilience4jBreaker() {
        assertThat(state.subscribed).isEqualTo(BILLING);
        assertThat(((EventProcessor<?>) circuitBreaker.getEventPublisher()).hasConsumers())
                .isFalse();
    }

    @Test
    void aLocalOpeningAndClosingArePublishedWhenTheBreakerSeesThem() {
        circuitBreaker.transitionToOpenState();
        breaker.observe();
        circuitBreaker.transitionToHalfOpenState();
        breaker.observe();
        circuitBreaker.transitionToClosedState();
        breaker.observe();
        breaker.observe();

        assertThat(state.published).containsExactly("opened billing PT30S", "closed billing");
    }

    @Test
    void anotherReplicasDecisionsAreAppliedWithoutEcho() {
        state.listener.opened(Duration.ofSeconds(12));
        assertThat(circuitBreaker.getState()).isEqualTo(State.OPEN);
        breaker.observe();

        state.listener.closed();
        assertThat(circuitBreaker.getState()).isEqualTo(State.CLOSED);
        breaker.observe();

        assertThat(state.published).isEmpty();
    }

    @Test
    void callersLookingAtTheBreakerMeanwhileDoNotEchoAnotherReplicasDecisions() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            while (!done.get()) {
                breaker.observe();
            }
        });
        caller.start();
        try {
            for (int i = 0; i < 2_000; i++) {
                state.listener.opened(Duration.ofSeconds(12));
                state.listener.closed();
            }
        } finally {
            done.set(true);
            caller.join();
        }
        assertThat(state.published).isEmpty();
    }

    private static final class RecordingState implements SharedCircuitState {
        final List<String> published = new CopyOnWriteArrayList<>();
        volatile ServiceName subscribed;
        volatile Listener listener;

        @Override
        public void publishOpened(ServiceName service, Duration openFor) {
            published.add("opened " + service + " " + openFor);
        }

        @Override
        public void publishClosed(ServiceName service) {
            published.add("closed " + service);
        }

        @Override
        public void subscribe(ServiceName service, Listener listener) {
            this.subscribed = service;
            this.listener = listener;
        }

        @Override
        public void close() {}
    }
}
