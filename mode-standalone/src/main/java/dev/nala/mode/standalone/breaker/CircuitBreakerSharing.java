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
     * Shares {@code breaker}'s openings and closings through {@code state}. Call once per breaker,
     * from a {@link ServiceBreakers#addCreationListener creation listener}; it stays attached for
     * the breaker's life. Returns at once: a recorded opening is picked up in the background.
     *
     * <p>Transitions are heard as the breaker reports them to its logs and metrics
     * ({@link ServiceBreaker#observe}), so nothing listens on the Resilience4j breaker and it makes
     * no event per call.
     */
    public static void attach(ServiceBreaker breaker, SharedCircuitState state) {
        CircuitBreakerSharing sharing =
                new CircuitBreakerSharing(breaker.service(), breaker.circuitBreaker(), state, breaker::transition);
        breaker.addTransitionListener((ignored, from, to) -> sharing.onLocalTransition(from, to));
        sharing.subscribe();
    }

    /**
     * Shares a bare Resilience4j {@code breaker}'s openings and closings for {@code service} through
     * {@code state}, as {@link #attach(ServiceBreaker, SharedCircuitState)} does. It listens on the
     * breaker's event publisher, which makes Resilience4j create an event for every call the breaker
     * records: prefer the other form for a {@link ServiceBreaker}.
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
