package dev.nala.mode.standalone.breaker;

import dev.nala.spi.ServiceName;
import dev.nala.spi.SharedCircuitState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects one service's Resilience4j {@link CircuitBreaker} to the {@link SharedCircuitState}, so
 * the replicas of an application open and close their breaker for that service together.
 *
 * <ul>
 *   <li>This breaker opening (from closed or half-open) is published, with the breaker's wait in
 *       the open state as its duration.
 *   <li>This breaker closing after being open or half-open is published.
 *   <li>Another replica's opening moves this breaker to open for the time that opening has left,
 *       unless it is open already; from there it goes half-open on its own timer, so each replica
 *       sends its own few probes.
 *   <li>Another replica's closing closes this breaker if it is open or half-open.
 *   <li>Transitions caused by another replica are not published again, so nothing echoes. Forced,
 *       disabled and metrics-only states are left alone: they are an operator's choice.
 * </ul>
 *
 * <p>Only Resilience4j and the SPI are used here, no Redis: it works with any {@code SharedCircuitState}
 * ({@code nala-breaker-redis} provides the Redis one).
 */
public final class CircuitBreakerSharing {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakerSharing.class);

    private final ServiceName service;
    private final CircuitBreaker breaker;
    private final SharedCircuitState state;
    /** True while this thread applies another replica's decision, whose events must not be published. */
    private final ThreadLocal<Boolean> applyingRemote = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private CircuitBreakerSharing(ServiceName service, CircuitBreaker breaker, SharedCircuitState state) {
        this.service = service;
        this.breaker = breaker;
        this.state = state;
    }

    /**
     * Shares {@code breaker}'s openings and closings for {@code service} through {@code state}.
     * Call once per breaker, right after creating it; it stays attached for the breaker's life.
     * Returns at once: a recorded opening is picked up in the background.
     */
    public static void attach(ServiceName service, CircuitBreaker breaker, SharedCircuitState state) {
        CircuitBreakerSharing sharing = new CircuitBreakerSharing(service, breaker, state);
        breaker.getEventPublisher().onStateTransition(sharing::onLocalTransition);
        state.subscribe(service, new SharedCircuitState.Listener() {
            @Override
            public void opened(Duration remaining) {
                sharing.openBecauseOfAnotherReplica(remaining);
            }

            @Override
            public void closed() {
                sharing.closeBecauseOfAnotherReplica();
            }
        });
    }

    private void onLocalTransition(CircuitBreakerOnStateTransitionEvent event) {
        if (applyingRemote.get()) {
            return;
        }
        State from = event.getStateTransition().getFromState();
        State to = event.getStateTransition().getToState();
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
            transition.run();
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
