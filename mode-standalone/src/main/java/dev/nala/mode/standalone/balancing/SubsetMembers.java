package dev.nala.mode.standalone.balancing;

import dev.nala.internal.Endpoint;
import dev.nala.internal.InstanceLabels;
import dev.nala.internal.settings.SubsetSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which of a service's endpoints belong to each subset: by the instance's Consul tags and meta, or
 * by the subset's listed endpoints (static discovery). Rebuilt with each discovery change, so an
 * instance re-tagged from v1 to v2 moves.
 */
final class SubsetMembers {
    private SubsetMembers() {}

    /** @return per subset, its endpoints among {@code states}, sharing their state objects */
    static EndpointState[][] of(
            SubsetSettings[] subsets, EndpointState[] states, Map<Endpoint, InstanceLabels> labels) {
        EndpointState[][] members = new EndpointState[subsets.length][];
        for (int i = 0; i < subsets.length; i++) {
            SubsetSettings subset = subsets[i];
            List<EndpointState> in = new ArrayList<>();
            for (EndpointState state : states) {
                if (belongs(subset, state.endpoint, labels)) {
                    in.add(state);
                }
            }
            members[i] = in.toArray(new EndpointState[0]);
        }
        return members;
    }

    private static boolean belongs(SubsetSettings subset, Endpoint endpoint, Map<Endpoint, InstanceLabels> labels) {
        if (!subset.endpoints().isEmpty()) {
            return subset.endpoints().contains(endpoint);
        }
        InstanceLabels instance = labels.getOrDefault(endpoint, InstanceLabels.NONE);
        return subset.matches(instance.tags(), instance.meta());
    }

    static boolean contains(EndpointState[] members, EndpointState state) {
        for (EndpointState member : members) {
            if (member == state) {
                return true;
            }
        }
        return false;
    }
}
