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
}
