package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.spi.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceAddressesTest {

    private static HealthEntry entry(String id, String serviceAddress, String nodeAddress, Integer port) {
        return new HealthEntry(new HealthEntry.Node("node-" + id, nodeAddress),
                new HealthEntry.Service(id, serviceAddress, port));
    }

    @Test
    void theServiceAddressWinsAndAnEmptyOneFallsBackToTheNode() {
        InstanceAddresses.Result result = InstanceAddresses.of(List.of(
                entry("a", "10.1.0.5", "10.0.0.1", 8080),
                entry("b", "", "10.0.0.2", 8081),
                entry("c", null, "node-c.internal", 8082),
                entry("d", "fd00::5", "10.0.0.4", 8083)), List.of());
        assertThat(result.endpoints()).containsExactly(
                Endpoint.of("10.1.0.5", 8080), Endpoint.of("10.0.0.2", 8081),
                Endpoint.of("node-c.internal", 8082), Endpoint.of("fd00::5", 8083));
        assertThat(result.rejected()).isEmpty();
    }

    @Test
    void invalidEntriesAreRejectedWithADescriptionNamingThem() {
        InstanceAddresses.Result result = InstanceAddresses.of(List.of(
                entry("good", "10.0.0.1", "10.0.0.1", 8080),
                entry("space", "bad host", "10.0.0.2", 8080),
                entry("zero", "10.0.0.3", "10.0.0.3", 0),
                entry("big", "10.0.0.4", "10.0.0.4", 70000),
                entry("noport", "10.0.0.5", "10.0.0.5", null),
                entry("nothing", "", "", 8080),
                entry("inject", "evil\nINFO forged line", "10.0.0.6", 8080),
                new HealthEntry(null, null)), List.of("malformed entry {\"x\":1}: boom"));
        assertThat(result.endpoints()).containsExactly(Endpoint.of("10.0.0.1", 8080));
        assertThat(result.rejected()).hasSize(8);
        assertThat(result.rejected()).anySatisfy(r -> assertThat(r)
                .contains("instance \"space\"").contains("\"bad host\"").contains("port 8080"));
        assertThat(result.rejected()).anySatisfy(r -> assertThat(r).contains("\"zero\"").contains("between 1 and 65535"));
        assertThat(result.rejected()).anySatisfy(r -> assertThat(r).contains("\"big\"").contains("70000"));
        assertThat(result.rejected()).anySatisfy(r -> assertThat(r).contains("\"noport\"").contains("no address or no port"));
        assertThat(result.rejected()).anySatisfy(r -> assertThat(r).contains("malformed entry"));
        assertThat(result.rejected()).allSatisfy(r -> assertThat(r).doesNotContain("\n"));
        assertThat(result.rejected()).anySatisfy(r -> assertThat(r).contains("evil?INFO forged line"));
    }

    @Test
    void duplicateAddressesCountOnce() {
        InstanceAddresses.Result result = InstanceAddresses.of(List.of(
                entry("a", "10.0.0.1", "10.0.0.1", 8080),
                entry("b", "10.0.0.1", "10.0.0.9", 8080)), List.of());
        assertThat(result.endpoints()).containsExactly(Endpoint.of("10.0.0.1", 8080));
    }
}
