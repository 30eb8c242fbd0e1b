package dev.nala.mode.mesh;

import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Words the one INFO line naming the standalone-only settings the application set, which mesh
 * mode ignores. Only key paths are named, never values, so no secret reaches the log.
 */
final class IgnoredSettings {
    /** Under {@code nala.defaults} and each service. */
    static final List<String> STANDALONE_SERVICE_KEYS = List.of(
            "retry",
            "per-try-timeout",
            "circuit-breaker",
            "outlier-detection",
            "concurrency-limit",
            "tls",
            "load-balancer",
            "discovery",
            "endpoints",
            "subsets",
            "routing");

    static final List<String> STANDALONE_BLOCKS = List.of("nala.consul", "nala.redis");

    private IgnoredSettings() {}

    static List<String> find(NalaSettings settings) {
        List<String> blocks = new ArrayList<>();
        blocks.add("nala.defaults");
        settings.configuredServices().values().stream()
                .map(ServiceSettings::configPath)
                .sorted()
                .forEach(blocks::add);
        List<String> found = new ArrayList<>();
        for (String block : blocks) {
            for (String key : settings.keysSetByApplication(block)) {
                boolean standaloneOnly = STANDALONE_SERVICE_KEYS.stream()
                        .anyMatch(name -> key.equals(block + "." + name) || key.startsWith(block + "." + name + "."));
                if (standaloneOnly && !settings.config().getIsNull(key)) {
                    found.add(key);
                }
            }
        }
        for (String block : STANDALONE_BLOCKS) {
            for (String key : settings.keysSetByApplication(block)) {
                if (!settings.config().getIsNull(key)) {
                    found.add(key);
                }
            }
        }
        return found;
    }

    /** Empty if the application set no such key. */
    static Optional<String> notice(NalaSettings settings) {
        List<String> found = find(settings);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Nala mesh mode ignores these standalone settings: " + String.join(", ", found)
                + ". The sidecar owns them: configure retries in the mesh's retry policy (an Istio VirtualService),"
                + " outlier detection, circuit breaking and connection limits in a DestinationRule; the sidecar encrypts in-mesh"
                + " traffic, so client certificates and trust stores are not used; canary subsets and routing rules"
                + " become DestinationRule subsets and VirtualService routes (nala-tools generate writes them; see"
                + " docs/mesh.md)");
    }
}
