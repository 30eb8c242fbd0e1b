package dev.nala.spi;

import dev.nala.internal.SharedCircuitStates;

/**
 * Implemented by a module that stores shared circuit state ({@code nala-breaker-redis}) and found
 * with {@link java.util.ServiceLoader}. Applications never call it; modes use
 * {@link SharedCircuitStates#start(ModeContext)}.
 */
public interface SharedCircuitStateProvider {

    /**
     * Starts the shared state for one factory. Must return promptly: connecting happens in the
     * background, and an unreachable store is not an error here.
     */
    SharedCircuitState start(ModeContext context);
}
