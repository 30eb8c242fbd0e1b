package dev.nala.tools.generate;

import java.util.List;

/** The files one mesh needs for one service. */
public final class MeshResources {
    private MeshResources() {}

    public static List<GeneratedFile> of(Mesh mesh, ServiceTarget target) {
        return switch (mesh) {
            case ISTIO -> List.of(IstioVirtualService.of(target), IstioDestinationRule.of(target));
            case LINKERD -> List.of(LinkerdHttpRoutes.of(target));
        };
    }
}
