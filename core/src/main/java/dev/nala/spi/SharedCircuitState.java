package dev.nala.spi;

import dev.nala.internal.ServiceName;
import dev.nala.internal.SharedCircuitStates;
import java.time.Duration;

/**
 * Service-level circuit state shared between the replicas of one application (through Redis, in
 * {@code nala-breaker-redis}). Implementations are found by {@link SharedCircuitStates}.
 *
 * <p>Every method returns at once and never throws because the shared store is down, slow or
 * refuses us: a breaker keeps working on its own and the store catches up later. Only service-level
 * openings and closings are shared; per-endpoint ejections stay local.
 */
public interface SharedCircuitState extends AutoCloseable {

    /**
     * Tells the other replicas that this replica opened its breaker for {@code service}. Returns
     * without waiting for the store; a later call for the same service replaces one not yet sent.
     *
     * @param openFor how long the opening holds (the breaker's wait in the open state)
     */
    void publishOpened(ServiceName service, Duration openFor);

    /** Tells the other replicas that this replica closed its breaker for {@code service}. */
    void publishClosed(ServiceName service);

    /**
     * Registers the listener that hears the other replicas' openings and closings of {@code service},
     * including an opening already recorded before this call (a replica started later catches up).
     * This replica's own publications are not echoed back. One listener per service; a second call
     * replaces the first.
     */
    void subscribe(ServiceName service, Listener listener);

    /** Stops listening and publishing and releases connections; idempotent, returns promptly. */
    @Override
    void close();

    /** Hears the other replicas' decisions about one service. Called from a background thread. */
    interface Listener {
        /** Another replica opened its breaker; the opening still holds for {@code remaining}. */
        void opened(Duration remaining);

        /** Another replica closed its breaker. */
        void closed();
    }
}
