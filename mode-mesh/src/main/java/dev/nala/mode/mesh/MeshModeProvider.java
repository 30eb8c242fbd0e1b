package dev.nala.mode.mesh;

import dev.nala.DeploymentMode;
import dev.nala.spi.DeploymentModeProvider;
import dev.nala.spi.ModeChain;
import dev.nala.spi.ModeContext;
import okhttp3.OkHttpClient;

/** Registers mesh mode with the factory. Its chain is empty until the mesh chain lands. */
public final class MeshModeProvider implements DeploymentModeProvider {

    @Override
    public DeploymentMode mode() {
        return DeploymentMode.MESH;
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
