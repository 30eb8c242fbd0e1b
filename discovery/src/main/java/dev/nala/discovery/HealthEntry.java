package dev.nala.discovery;

/**
 * One element of Consul's {@code GET /v1/health/service/<name>} answer, reduced to the fields
 * Nala reads (see {@link HealthAnswerReader}). Internal: nothing outside this package sees
 * Consul's JSON.
 */
record HealthEntry(Node node, Service service) {

    /** {@code Node.Node} and {@code Node.Address}. */
    record Node(String name, String address) {}

    /** {@code Service.ID}, {@code Service.Address} and {@code Service.Port}. */
    record Service(String id, String address, Integer port) {}
}
