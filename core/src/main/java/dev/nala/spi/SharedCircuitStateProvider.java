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

    /**
     * Writes whether the shared store answers, for {@link dev.nala.HttpClientFactory#describe()};
     * bounded by {@link Diagnosis#probeTimeout()}, never showing a password. Default: nothing.
     */
    default void diagnose(ModeContext context, Diagnosis diagnosis) {}
}
