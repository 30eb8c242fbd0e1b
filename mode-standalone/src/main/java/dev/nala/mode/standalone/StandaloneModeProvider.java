package dev.nala.mode.standalone;

import dev.nala.DeploymentMode;
import dev.nala.spi.DeploymentModeProvider;
import dev.nala.spi.ModeChain;
import dev.nala.spi.ModeContext;

/** Registers standalone mode with the factory: the smart client chain ({@link StandaloneChain}). */
public final class StandaloneModeProvider implements DeploymentModeProvider {

    @Override
    public DeploymentMode mode() {
        return DeploymentMode.STANDALONE;
    }

    @Override
    public ModeChain start(ModeContext context) {
        return new StandaloneChain(context);
    }
}
