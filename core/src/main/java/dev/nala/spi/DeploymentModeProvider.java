package dev.nala.spi;

import dev.nala.DeploymentMode;

/**
 * Implemented by a mode module ({@code nala-mode-standalone}, {@code nala-mode-mesh}) and found
 * with {@link java.util.ServiceLoader}. Applications never call it.
 */
public interface DeploymentModeProvider {

    /** The mode this module implements. */
    DeploymentMode mode();

    /**
     * Builds the mode's chain for one factory.
     *
     * @throws dev.nala.NalaConfigurationException if a setting this mode needs is unusable
     *     (a missing key store, say); the message names the file or key
     */
    ModeChain start(ModeContext context);

    /**
     * Writes what this mode knows about the deployment, as it is right now: how each configured
     * service resolves, the settings this mode ignores, whether what it depends on answers. Called
     * for {@link dev.nala.HttpClientFactory#describe()}, with or without {@link #start}: starts no
     * background work, and bounds each probe by {@link Diagnosis#probeTimeout()}. Default: nothing.
     */
    default void diagnose(ModeContext context, Diagnosis diagnosis) {}
}
