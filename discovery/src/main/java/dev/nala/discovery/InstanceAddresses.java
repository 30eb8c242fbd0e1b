package dev.nala.discovery;

import dev.nala.internal.Endpoint;
import dev.nala.internal.InstanceLabels;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns Consul's health entries into validated endpoints ({@code Service.Address}, else {@code
 * Node.Address}); a rejected entry is described, never turned into a URL. Memory follows the valid
 * instances: duplicates count once, and only the first {@value #DESCRIBED_REJECTIONS} rejections are described.
 */
final class InstanceAddresses {
    static final int DESCRIBED_REJECTIONS = 10;

    private final Set<Endpoint> endpoints = new LinkedHashSet<>();
    /** Only instances with tags or meta; the first entry of an address wins. */
    private final Map<Endpoint, InstanceLabels> labels = new HashMap<>();

    private final Set<String> described = new LinkedHashSet<>();
    private int entries;
    private int rejected;

    /**
     * @param endpoints without duplicates, in Consul's order
     * @param described safe descriptions of the first rejected entries (alike ones once)
     * @param labels the tags and meta of the endpoints that have any
     */
    record Result(
            List<Endpoint> endpoints,
            int entries,
            Set<String> described,
            int rejected,
            Map<Endpoint, InstanceLabels> labels) {

        /** The answer listed instances, yet none can be called. */
        boolean noneUsable() {
            return entries > 0 && endpoints.isEmpty();
        }

        int undescribed() {
            return Math.max(0, rejected - DESCRIBED_REJECTIONS);
        }
    }

    static Result of(List<HealthEntry> entries, List<String> malformed) {
        InstanceAddresses addresses = new InstanceAddresses();
        malformed.forEach(addresses::malformed);
        entries.forEach(addresses::add);
        return addresses.result();
    }

    void add(HealthEntry entry) {
        entries++;
        HealthEntry.Service service = entry.service();
        HealthEntry.Node node = entry.node();
        String serviceAddress = service == null ? null : service.address();
        String nodeAddress = node == null ? null : node.address();
        String address = serviceAddress != null && !serviceAddress.isEmpty() ? serviceAddress : nodeAddress;
        Integer port = service == null ? null : service.port();
        if (service == null || address == null || address.isEmpty() || port == null) {
            reject(entry, address, port, "no address or no port");
            return;
        }
        try {
            Endpoint endpoint = Endpoint.of(address, port);
            if (endpoints.add(endpoint)
                    && (!service.tags().isEmpty() || !service.meta().isEmpty())) {
                labels.put(endpoint, new InstanceLabels(Set.copyOf(service.tags()), service.meta()));
            }
        } catch (IllegalArgumentException e) {
            reject(entry, address, port, e.getMessage());
        }
    }

    /** The description must already be safe. */
    void malformed(String description) {
        entries++;
        if (++rejected <= DESCRIBED_REJECTIONS) {
            described.add(description);
        }
    }

    private void reject(HealthEntry entry, String address, Integer port, String why) {
        if (++rejected <= DESCRIBED_REJECTIONS) {
            described.add("instance "
                    + SafeText.quoted(
                            entry.service() == null ? null : entry.service().id())
                    + " on node "
                    + SafeText.quoted(entry.node() == null ? null : entry.node().name())
                    + " (address " + SafeText.quoted(address) + ", port " + port + "): " + SafeText.of(why, 200));
        }
    }

    Result result() {
        return new Result(
                List.copyOf(endpoints),
                entries,
                Collections.unmodifiableSet(new LinkedHashSet<>(described)),
                rejected,
                Map.copyOf(labels));
    }
}
