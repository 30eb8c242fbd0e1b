package dev.nala.discovery;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One element of Consul's {@code GET /v1/health/service/<name>} answer, reduced to the fields
 * Nala reads. Internal: nothing outside this package sees Consul's JSON.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record HealthEntry(@JsonProperty("Node") Node node, @JsonProperty("Service") Service service) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Node(@JsonProperty("Node") String name, @JsonProperty("Address") String address) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Service(
            @JsonProperty("ID") String id,
            @JsonProperty("Address") String address,
            @JsonProperty("Port") Integer port) {}
}
