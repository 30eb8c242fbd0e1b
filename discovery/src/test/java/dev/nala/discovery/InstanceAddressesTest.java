package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.internal.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceAddressesTest {

    private static HealthEntry entry(String id, String serviceAddress, String nodeAddress, Integer port) {
        return new HealthEntry(
                new HealthEntry.Node("node-" + id, nodeAddress), new HealthEntry.Service(id, serviceAddress, port));
    }

    @Test
    void theServiceAddressWinsAndAnEmptyOneFallsBackToTheNode() {
        InstanceAddresses.Result result = InstanceAddresses.of(
                List.of(
                        entry("a", "10.1.0.5", "10.0.0.1", 8080),
                        entry("b", "", "10.0.0.2", 8081),
                        entry("c", null, "node-c.internal", 8082),
                        entry("d", "fd00::5", "10.0.0.4", 8083)),
                List.of());
        assertThat(result.endpoints())
                .containsExactly(
                        Endpoint.of("10.1.0.5", 8080), Endpoint.of("10.0.0.2", 8081),
                        Endpoint.of("node-c.internal", 8082), Endpoint.of("fd00::5", 8083));
        assertThat(result.described()).isEmpty();
    }

    @Test
    void invalidEntriesAreRejectedWithADescriptionNamingThem() {
        InstanceAddresses.Result result = InstanceAddresses.of(
                List.of(
                        entry("good", "10.0.0.1", "10.0.0.1", 8080),
                        entry("space", "bad host", "10.0.0.2", 8080),
                        entry("zero", "10.0.0.3", "10.0.0.3", 0),
                        entry("big", "10.0.0.4", "10.0.0.4", 70000),
                        entry("noport", "10.0.0.5", "10.0.0.5", null),
                        entry("nothing", "", "", 8080),
                        entry("inject", "evil\nINFO forged line", "10.0.0.6", 8080),
                        new HealthEntry(null, null)),
                List.of("malformed entry {\"x\":1}: boom"));
        assertThat(result.endpoints()).containsExactly(Endpoint.of("10.0.0.1", 8080));
        assertThat(result.described()).hasSize(8);
        assertThat(result.described())
                .anySatisfy(r -> assertThat(r)
                        .contains("instance \"space\"")
                        .contains("\"bad host\"")
                        .contains("port 8080"));
        assertThat(result.described())
                .anySatisfy(r -> assertThat(r).contains("\"zero\"").contains("between 1 and 65535"));
        assertThat(result.described())
                .anySatisfy(r -> assertThat(r).contains("\"big\"").contains("70000"));
        assertThat(result.described())
                .anySatisfy(r -> assertThat(r).contains("\"noport\"").contains("no address or no port"));
        assertThat(result.described()).anySatisfy(r -> assertThat(r).contains("malformed entry"));
        assertThat(result.described()).allSatisfy(r -> assertThat(r).doesNotContain("\n"));
        assertThat(result.described()).anySatisfy(r -> assertThat(r).contains("evil?INFO forged line"));
    }

    @Test
    void onlyHostNamesAndIpLiteralsBecomeEndpoints() {
        List<String> hostile = List.of(
                "evil.example.com\r\n",
                "evil.example.com\n",
                "10.0.0.1 ",
                " 10.0.0.1",
                "host/path",
                "user@host",
                "host:80",
                "http://host",
                "[::1]",
                "fe80::1%eth0",
                "host?x=1",
                "host#x",
                "10.0.0.256",
                "1.2.3",
                "host.",
                "-host",
                "h_st",
                "x".repeat(254),
                "\u001b[31mred");
        InstanceAddresses addresses = new InstanceAddresses();
        for (String address : hostile) {
            addresses.add(entry("hostile", address, "10.0.0.9", 8080));
        }
        for (int port : new int[] {0, -1, 65536, 70000, Integer.MAX_VALUE}) {
            addresses.add(entry("port", "10.0.0.1", "10.0.0.9", port));
        }
        InstanceAddresses.Result result = addresses.result();
        assertThat(result.endpoints()).isEmpty();
        assertThat(result.rejected()).isEqualTo(hostile.size() + 5);
        assertThat(result.noneUsable()).isTrue();
        assertThat(result.described())
                .hasSize(InstanceAddresses.DESCRIBED_REJECTIONS)
                .allSatisfy(d ->
                        assertThat(d).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u001b"));
    }

    @Test
    void onlyTheFirstRejectedEntriesAreDescribed() {
        InstanceAddresses addresses = new InstanceAddresses();
        for (int i = 0; i < 1000; i++) {
            addresses.add(entry("bad-" + i, "10.0.0.1", "10.0.0.1", 0));
            addresses.malformed("malformed entry: a number instead of an object");
        }
        addresses.add(entry("good", "10.0.0.2", "10.0.0.2", 8080));
        InstanceAddresses.Result result = addresses.result();
        assertThat(result.endpoints()).containsExactly(Endpoint.of("10.0.0.2", 8080));
        assertThat(result.entries()).isEqualTo(2001);
        assertThat(result.rejected()).isEqualTo(2000);
        assertThat(result.described()).hasSize(6);
        assertThat(result.undescribed()).isEqualTo(2000 - InstanceAddresses.DESCRIBED_REJECTIONS);
        assertThat(result.noneUsable()).isFalse();
    }

    @Test
    void duplicateAddressesCountOnce() {
        InstanceAddresses.Result result = InstanceAddresses.of(
                List.of(entry("a", "10.0.0.1", "10.0.0.1", 8080), entry("b", "10.0.0.1", "10.0.0.9", 8080)), List.of());
        assertThat(result.endpoints()).containsExactly(Endpoint.of("10.0.0.1", 8080));
    }
}
