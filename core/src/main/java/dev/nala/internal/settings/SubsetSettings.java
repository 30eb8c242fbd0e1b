package dev.nala.internal.settings;

import dev.nala.internal.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One named subset of a service's instances ({@code subsets.<name>}): Consul instances carrying
 * all of {@code tags} and all of {@code meta}, or, with static discovery, the listed endpoints.
 */
public record SubsetSettings(String name, Set<String> tags, Map<String, String> meta, List<Endpoint> endpoints) {

    /** Whether a Consul instance with these tags and service Meta belongs to the subset. */
    public boolean matches(Set<String> instanceTags, Map<String, String> instanceMeta) {
        if (!instanceTags.containsAll(tags)) {
            return false;
        }
        for (Map.Entry<String, String> wanted : meta.entrySet()) {
            if (!wanted.getValue().equals(instanceMeta.get(wanted.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
