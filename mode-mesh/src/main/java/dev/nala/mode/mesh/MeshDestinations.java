package dev.nala.mode.mesh;

import dev.nala.discovery.KubernetesServiceNames;
import dev.nala.internal.ServiceName;

/**
 * Which hosts are inside the mesh, where the sidecar carries the traffic and owns TLS: logical
 * services ({@code payment-service}) and names in the cluster domain
 * ({@code payment-service.shop.svc.cluster.local}). Everything else (external names, IP
 * literals, {@code localhost}) is outside and keeps full TLS verification.
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
