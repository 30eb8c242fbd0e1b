package dev.nala.mode.mesh;

import dev.nala.DeploymentMode;
import dev.nala.discovery.KubernetesServiceNames;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.spi.DeploymentModeProvider;
import dev.nala.spi.ModeChain;
import dev.nala.spi.ModeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mesh mode: the pass-through chain for an application behind an Istio, Linkerd or App Mesh
 * sidecar. Found by the factory through {@link java.util.ServiceLoader}; applications never call it.
 *
 * <p>The sidecar owns discovery, load balancing, retries, outlier detection and mTLS, so this
 * mode does none of them: a logical host becomes its Kubernetes DNS name, every call is sent
 * exactly once, TLS to in-mesh destinations is left to the sidecar, and W3C trace context plus
 * the inbound request's tracing headers go out on every call. It starts no background work and
 * never talks to Consul.
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
}
