package dev.nala.mode.standalone.breaker;

import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.CircuitBreakerSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One logical service's circuit breaker: a Resilience4j {@link CircuitBreaker} named after the
 * service. Transitions are found by {@link #observe()} after each call, not by a Resilience4j
 * listener; see "Service circuit breaker" in docs/standalone.md.
 */
public final class ServiceBreaker {
    /** Told of each transition: the breaker, the state before, the state after. */
    interface TransitionListener {
        void transitioned(ServiceBreaker breaker, CircuitBreaker.State from, CircuitBreaker.State to);
    }

    private final ServiceName service;
    private final CircuitBreakerSettings settings;
    private final CircuitBreaker circuitBreaker;
    private final Clock clock;
    private final List<TransitionListener> listeners = new CopyOnWriteArrayList<>();
    /** A fresh object each time, so no look mistakes a state that came back for it. */
    private final AtomicReference<Observed> observed;

    private final Object transitionLock = new Object();
    /** True while {@link #transition} makes a transition, which it reports itself. */
    private volatile boolean transitioning;

    private volatile Instant nextProbeAt = Instant.EPOCH;

    ServiceBreaker(
            ServiceName service,
            CircuitBreakerSettings settings,
            CircuitBreaker circuitBreaker,
            Clock clock,
            TransitionListener listener) {
        this.service = service;
        this.settings = settings;
        this.circuitBreaker = circuitBreaker;
        this.clock = clock;
        this.listeners.add(listener);
        this.observed = new AtomicReference<>(new Observed(circuitBreaker.getState()));
    }

    public ServiceName service() {
        return service;
    }

    /** @return the service's breaker settings, {@code shared-state} included */
    public CircuitBreakerSettings settings() {
        return settings;
    }

    /** @return the Resilience4j breaker; its name is the service name */
    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /**
     * @return the earliest time a probe call is let through: {@code wait-in-open} after the
     *     breaker last opened, or now when it is half-open with every probe already in flight
     */
    public Instant nextProbeAt() {
        CircuitBreaker.State state = observe();
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            return nextProbeAt;
        }
        return clock.instant();
    }

    /** Reports a transition since the last look exactly once, whichever thread sees it first. */
    CircuitBreaker.State observe() {
        Observed before = observed.get();
        CircuitBreaker.State now = circuitBreaker.getState();
        // Read in this order, a thread that sees a transition made by transition() sees the flag
        // set, or else finds that method has reported it already.
        if (now != before.state() && !transitioning && observed.compareAndSet(before, new Observed(now))) {
            report(before.state(), now);
        }
        return now;
    }

    /** Tells {@code listener} of each transition from now on, after the listeners added before it. */
    void addTransitionListener(TransitionListener listener) {
        listeners.add(listener);
    }

    /** Reports the transition on this thread; no other thread reports one meanwhile. */
    void transition(Runnable transition) {
        synchronized (transitionLock) {
            transitioning = true;
            try {
                transition.run();
                CircuitBreaker.State now = circuitBreaker.getState();
                CircuitBreaker.State before =
                        observed.getAndSet(new Observed(now)).state();
                if (now != before) {
                    report(before, now);
                }
            } finally {
                transitioning = false;
            }
        }
    }

    private void report(CircuitBreaker.State before, CircuitBreaker.State now) {
        if (now == CircuitBreaker.State.OPEN || now == CircuitBreaker.State.FORCED_OPEN) {
            nextProbeAt = clock.instant().plus(settings.waitInOpen());
        }
        for (TransitionListener listener : listeners) {
            listener.transitioned(this, before, now);
        }
    }

    private record Observed(CircuitBreaker.State state) {}
}
