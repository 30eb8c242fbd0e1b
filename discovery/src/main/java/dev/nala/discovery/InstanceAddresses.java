package dev.nala.discovery;

import dev.nala.internal.Endpoint;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns Consul's health entries, one at a time, into validated endpoints.
 *
 * <p>The address is {@code Service.Address}, or {@code Node.Address} when the service registered
 * none (Consul's own rule: an empty service address means "the node's address"). Every address and
 * port goes through {@link Endpoint}'s validation (an IP literal or a host name, no whitespace,
 * control characters or URL syntax; a port in 1-65535); an entry that fails it is rejected with a
 * description naming the instance, never turned into a URL.
 *
 * <p>Memory follows the valid instances, not the number of entries: duplicates count once, and
 * only the first {@value #DESCRIBED_REJECTIONS} rejected entries are described, the others counted.
 */
final class InstanceAddresses {
    static final int DESCRIBED_REJECTIONS = 10;

    private final Set<Endpoint> endpoints = new LinkedHashSet<>();
    private final Set<String> described = new LinkedHashSet<>();
    private int entries;
    private int rejected;

    /**
     * @param endpoints the valid instances, without duplicates, in Consul's order
     * @param entries how many entries the answer had, valid or not
     * @param described a safe description of each of the first {@value #DESCRIBED_REJECTIONS} entries
     *     rejected (alike ones once)
     * @param rejected how many entries were rejected in all
     */
    record Result(List<Endpoint> endpoints, int entries, Set<String> described, int rejected) {

        /** The answer listed instances, yet none of them can be called. */
        boolean noneUsable() {
            return entries > 0 && endpoints.isEmpty();
        }

        /** Rejected entries beyond the first {@value #DESCRIBED_REJECTIONS}: counted, not described. */
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
            endpoints.add(Endpoint.of(address, port));
        } catch (IllegalArgumentException e) {
            reject(entry, address, port, e.getMessage());
        }
    }

    /** An entry that could not be read at all; the description must already be safe. */
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
                List.copyOf(endpoints), entries, Collections.unmodifiableSet(new LinkedHashSet<>(described)), rejected);
    }
}
