package dev.nala.mode.standalone;

import dev.nala.DeploymentMode;
import dev.nala.spi.DeploymentModeProvider;
import dev.nala.spi.ModeChain;
import dev.nala.spi.ModeContext;
import okhttp3.OkHttpClient;

/** Registers standalone mode with the factory. Its chain is empty until the standalone chain lands. */
public final class StandaloneModeProvider implements DeploymentModeProvider {

    @Override
    public DeploymentMode mode() {
        return DeploymentMode.STANDALONE;
    }

    @Override
    public ModeChain start(ModeContext context) {
        return new ModeChain() {
            @Override
            public void configure(OkHttpClient.Builder builder) {}

            @Override
            public void close() {}
        };
    }
}
