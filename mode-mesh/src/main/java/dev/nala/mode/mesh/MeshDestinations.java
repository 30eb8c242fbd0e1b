package dev.nala.mode.mesh;

import dev.nala.discovery.KubernetesServiceNames;
import dev.nala.internal.ServiceName;

/**
 * Which hosts are inside the mesh, where the sidecar owns TLS: logical services and names in the
 * cluster domain. Everything else keeps full TLS verification.
 */
final class MeshDestinations {
    private final KubernetesServiceNames names;

    MeshDestinations(KubernetesServiceNames names) {
        this.names = names;
    }

    boolean isInMesh(String host) {
        return host != null && (ServiceName.isLogicalHost(host) || names.isInCluster(host));
    }
}
