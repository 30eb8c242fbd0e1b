package dev.nala.mode.standalone;

import dev.nala.DeploymentMode;
import dev.nala.discovery.StandaloneResolution;
import dev.nala.internal.SharedCircuitStates;
import dev.nala.mode.standalone.tls.TlsMaterial;
import dev.nala.spi.DeploymentModeProvider;
import dev.nala.spi.Diagnosis;
import dev.nala.spi.ModeChain;
import dev.nala.spi.ModeContext;
import java.time.Instant;

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

    @Override
    public void diagnose(ModeContext context, Diagnosis diagnosis) {
        StandaloneResolution.diagnose(context.settings(), diagnosis);
        TlsMaterial.diagnose(context.settings(), diagnosis, Instant.now());
        SharedCircuitStates.diagnose(context, diagnosis);
    }
}
