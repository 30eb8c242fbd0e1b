package dev.nala.internal;

import java.util.Map;
import java.util.Set;

/**
 * What discovery knows of one instance beyond its address: its Consul {@code Service.Tags} and
 * {@code Service.Meta}, already bounded in size. Subsets select instances by them.
 */
public record InstanceLabels(Set<String> tags, Map<String, String> meta) {
    public static final InstanceLabels NONE = new InstanceLabels(Set.of(), Map.of());

    public InstanceLabels {
        tags = Set.copyOf(tags);
        meta = Map.copyOf(meta);
    }
}
