package dev.nala.mode.mesh;

import dev.nala.DeploymentMode;
import dev.nala.discovery.KubernetesServiceNames;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.spi.DeploymentModeProvider;
import dev.nala.spi.Diagnosis;
import dev.nala.spi.ModeChain;
import dev.nala.spi.ModeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mesh mode: the pass-through chain for an application behind a sidecar, which owns discovery,
 * load balancing, retries and mTLS (docs/mesh.md). Found through {@link java.util.ServiceLoader}.
 */
public final class MeshModeProvider implements DeploymentModeProvider {
    private static final Logger log = LoggerFactory.getLogger(MeshModeProvider.class);

    @Override
    public DeploymentMode mode() {
        return DeploymentMode.MESH;
    }

    @Override
    public ModeChain start(ModeContext context) {
        NalaSettings settings = context.settings();
        KubernetesServiceNames names = KubernetesServiceNames.create(settings.kubernetes(), context.environment());
        IgnoredSettings.notice(settings).ifPresent(log::info);
        return new MeshChain(settings, names, context.openTelemetry());
    }

    @Override
    public void diagnose(ModeContext context, Diagnosis diagnosis) {
        NalaSettings settings = context.settings();
        MeshDiagnosis.diagnose(
                settings, KubernetesServiceNames.resolve(settings.kubernetes(), context.environment()), diagnosis);
    }
}
