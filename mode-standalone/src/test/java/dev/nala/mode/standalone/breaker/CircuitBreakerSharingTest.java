package dev.nala.mode.standalone.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nala.internal.ServiceName;
import dev.nala.spi.SharedCircuitState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge alone, against a shared state that records what it is told. */
class CircuitBreakerSharingTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");

    private final RecordingState state = new RecordingState();
    private CircuitBreaker breaker;

    @BeforeEach
    void attach() {
        breaker = CircuitBreaker.of(
                "payments",
                CircuitBreakerConfig.custom()
                        .waitDurationInOpenState(Duration.ofSeconds(30))
                        .build());
        CircuitBreakerSharing.attach(PAYMENTS, breaker, state);
    }

    @Test
    void attachingSubscribesForTheService() {
        assertThat(state.subscribed).isEqualTo(PAYMENTS);
    }

    @Test
    void aLocalOpeningIsPublishedWithTheWaitInOpen() {
        breaker.transitionToOpenState();

        assertThat(state.published).containsExactly("opened payments PT30S");
    }

    @Test
    void halfOpenIsNotSharedAndTheClosingAfterItIs() {
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        breaker.transitionToClosedState();

        assertThat(state.published).containsExactly("opened payments PT30S", "closed payments");
    }

    @Test
    void aFailedProbeOpensAgainAndIsPublished() {
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        breaker.transitionToOpenState();

        assertThat(state.published).containsExactly("opened payments PT30S", "opened payments PT30S");
    }

    @Test
    void anotherReplicasOpeningOpensThisBreakerWithoutEcho() {
        state.listener.opened(Duration.ofSeconds(12));

        assertThat(breaker.getState()).isEqualTo(State.OPEN);
        assertThat(state.published).isEmpty();
    }

    @Test
    void anotherReplicasClosingClosesThisBreakerWithoutEcho() {
        breaker.transitionToOpenState();
        state.listener.closed();

        assertThat(breaker.getState()).isEqualTo(State.CLOSED);
        assertThat(state.published).containsExactly("opened payments PT30S");
    }

    @Test
    void aSharedOpeningGoesHalfOpenOnThisBreakersOwnTimer() {
        CircuitBreaker probing = CircuitBreaker.of(
                "probing",
                CircuitBreakerConfig.custom()
                        .waitDurationInOpenState(Duration.ofSeconds(30))
                        .automaticTransitionFromOpenToHalfOpenEnabled(true)
                        .build());
        RecordingState own = new RecordingState();
        CircuitBreakerSharing.attach(PAYMENTS, probing, own);

        own.listener.opened(Duration.ofMillis(200)); // what is left of another replica's opening

        await("half-open after what was left of the opening")
                .atMost(Duration.ofSeconds(10))
                .until(probing::getState, State.HALF_OPEN::equals);
        assertThat(own.published).isEmpty();
    }

    @Test
    void aClosedMessageLeavesAClosedBreakerAloneAndAnOpeningLeavesAnOpenOneAlone() {
        state.listener.closed();
        assertThat(breaker.getState()).isEqualTo(State.CLOSED);

        breaker.transitionToOpenState();
        state.listener.opened(Duration.ofSeconds(1));
        assertThat(breaker.getState()).isEqualTo(State.OPEN);
        assertThat(state.published).containsExactly("opened payments PT30S");
    }

    @Test
    void anOperatorsForcedStateIsNeitherSharedNorOverridden() {
        breaker.transitionToForcedOpenState();
        state.listener.closed();
        assertThat(breaker.getState()).isEqualTo(State.FORCED_OPEN);

        breaker.transitionToDisabledState();
        state.listener.opened(Duration.ofSeconds(5));
        assertThat(breaker.getState()).isEqualTo(State.DISABLED);
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
