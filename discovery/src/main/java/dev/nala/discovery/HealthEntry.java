package dev.nala.discovery;

import java.util.List;
import java.util.Map;

/**
 * One element of Consul's {@code GET /v1/health/service/<name>} answer, reduced to the fields
 * Nala reads (see {@link HealthAnswerReader}). Internal: nothing outside this package sees
 * Consul's JSON.
 */
record HealthEntry(Node node, Service service) {

    /** {@code Node.Node} and {@code Node.Address}. */
    record Node(String name, String address) {}

    /**
     * {@code Service.ID}, {@code Service.Address}, {@code Service.Port}, {@code Service.Tags} and
     * {@code Service.Meta} (the last two bounded by {@link HealthAnswerReader}).
     */
    record Service(String id, String address, Integer port, List<String> tags, Map<String, String> meta) {

        Service(String id, String address, Integer port) {
            this(id, address, port, List.of(), Map.of());
        }
    }
}
