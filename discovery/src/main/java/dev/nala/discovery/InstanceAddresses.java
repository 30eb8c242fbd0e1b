package dev.nala.discovery;

import dev.nala.spi.Endpoint;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns Consul's health entries into validated endpoints.
 *
 * <p>The address is {@code Service.Address}, or {@code Node.Address} when the service registered
 * none (Consul's own rule: an empty service address means "the node's address"). Every address and
 * port goes through {@link Endpoint}'s validation; an entry that fails it is rejected with a
 * description naming the instance, never turned into a URL.
 */
final class InstanceAddresses {
    private InstanceAddresses() {}

    /**
     * @param endpoints the valid instances, without duplicates, in Consul's order
     * @param rejected one safe description per entry that was skipped
     */
    record Result(List<Endpoint> endpoints, Set<String> rejected) {}

    static Result of(List<HealthEntry> entries, List<String> malformed) {
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        Set<String> rejected = new LinkedHashSet<>(malformed);
        for (HealthEntry entry : entries) {
            HealthEntry.Service service = entry.service();
            HealthEntry.Node node = entry.node();
            String serviceAddress = service == null ? null : service.address();
            String nodeAddress = node == null ? null : node.address();
            String address = serviceAddress != null && !serviceAddress.isEmpty() ? serviceAddress : nodeAddress;
            Integer port = service == null ? null : service.port();
            String entryName = "instance " + SafeText.quoted(service == null ? null : service.id())
                    + " on node " + SafeText.quoted(node == null ? null : node.name())
                    + " (address " + SafeText.quoted(address) + ", port " + port + ")";
            if (service == null || address == null || address.isEmpty() || port == null) {
                rejected.add(entryName + ": no address or no port");
                continue;
            }
            try {
                endpoints.add(Endpoint.of(address, port));
            } catch (IllegalArgumentException e) {
                rejected.add(entryName + ": " + SafeText.of(e.getMessage(), 200));
            }
        }
        return new Result(List.copyOf(endpoints), rejected);
    }
}
