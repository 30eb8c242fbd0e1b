package dev.nala.mode.standalone.breaker;

import dev.nala.internal.ServiceName;
import dev.nala.spi.SharedCircuitState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects one service's Resilience4j {@link CircuitBreaker} to a {@link SharedCircuitState} (any
 * implementation, no Redis here), so an application's replicas open and close it together. What is
 * shared and what is not: docs/shared-breaker-state.md.
 */
public final class CircuitBreakerSharing {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakerSharing.class);

    private final ServiceName service;
    private final CircuitBreaker breaker;
    private final SharedCircuitState state;
    /** Makes a transition decided by another replica: {@link ServiceBreaker#transition}, or just runs it. */
    private final Consumer<Runnable> transitions;
    /** True while this thread applies another replica's decision, whose events must not be published. */
    private final ThreadLocal<Boolean> applyingRemote = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private CircuitBreakerSharing(
            ServiceName service, CircuitBreaker breaker, SharedCircuitState state, Consumer<Runnable> transitions) {
        this.service = service;
        this.breaker = breaker;
        this.state = state;
        this.transitions = transitions;
    }

    /**
     * Call once per breaker, from a {@link ServiceBreakers#addCreationListener creation listener}.
     * Returns at once: a recorded opening is picked up in the background.
     */
    public static void attach(ServiceBreaker breaker, SharedCircuitState state) {
        CircuitBreakerSharing sharing =
                new CircuitBreakerSharing(breaker.service(), breaker.circuitBreaker(), state, breaker::transition);
        breaker.addTransitionListener((ignored, from, to) -> sharing.onLocalTransition(from, to));
        sharing.subscribe();
    }

    /**
     * For a bare Resilience4j breaker. It listens on the event publisher, which costs an event per
     * recorded call: prefer {@link #attach(ServiceBreaker, SharedCircuitState)}.
     */
    public static void attach(ServiceName service, CircuitBreaker breaker, SharedCircuitState state) {
        CircuitBreakerSharing sharing = new CircuitBreakerSharing(service, breaker, state, Runnable::run);
        breaker.getEventPublisher()
                .onStateTransition(event -> sharing.onLocalTransition(
                        event.getStateTransition().getFromState(),
                        event.getStateTransition().getToState()));
        sharing.subscribe();
    }

    private void subscribe() {
        state.subscribe(service, new SharedCircuitState.Listener() {
            @Override
            public void opened(Duration remaining) {
                openBecauseOfAnotherReplica(remaining);
            }

            @Override
            public void closed() {
                closeBecauseOfAnotherReplica();
            }
        });
    }

    private void onLocalTransition(State from, State to) {
        if (applyingRemote.get()) {
            return;
        }
        if (to == State.OPEN && (from == State.CLOSED || from == State.HALF_OPEN)) {
            state.publishOpened(service, waitInOpen());
        } else if (to == State.CLOSED && (from == State.OPEN || from == State.HALF_OPEN)) {
            state.publishClosed(service);
        }
    }

    /** The breaker's configured wait in the open state (its first one, for a growing wait). */
    private Duration waitInOpen() {
        Long millis = breaker.getCircuitBreakerConfig()
                .getWaitIntervalFunctionInOpenState()
                .apply(1);
        return Duration.ofMillis(millis == null ? 0 : millis);
    }

    private void openBecauseOfAnotherReplica(Duration remaining) {
        State now = breaker.getState();
        if (now != State.CLOSED && now != State.HALF_OPEN) {
            return;
        }
        if (applyRemote(() -> breaker.transitionToOpenStateFor(remaining))) {
            LOG.info(
                    "Circuit breaker for {} opened for {} ms because another replica opened it",
                    service,
                    remaining.toMillis());
        }
    }

    private void closeBecauseOfAnotherReplica() {
        State now = breaker.getState();
        if (now != State.OPEN && now != State.HALF_OPEN) {
            return;
        }
        if (applyRemote(breaker::transitionToClosedState)) {
            LOG.info("Circuit breaker for {} closed because another replica closed it", service);
        }
    }

    /** @return whether the transition happened */
    private boolean applyRemote(Runnable transition) {
        applyingRemote.set(Boolean.TRUE);
        try {
            transitions.accept(transition);
            return true;
        } catch (IllegalStateException e) {
            // the breaker moved on its own between our look and the transition; its own state stands
            LOG.debug("Circuit breaker for {}: shared transition skipped: {}", service, e.getMessage());
            return false;
        } finally {
            applyingRemote.set(Boolean.FALSE);
        }
    }
}
