package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nala.ServiceDiscoveryException;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.NalaSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PerServiceDiscoveryTest {
    private static final ServiceName INVENTORY = ServiceName.of("inventory");
    private static final ServiceName BILLING = ServiceName.of("billing");

    private final ConsulStandIn consul = ConsulStandIn.start();

    @AfterEach
    void stop() {
        consul.close();
    }

    private NalaSettings settings(String extra) {
        return TestSettings.load("nala.consul { address = \"" + consul.address() + "\", wait = 1s }\n"
                + "nala.services.inventory { discovery = static, endpoints = [\"127.0.0.1:8081\"] }\n" + extra);
    }

    @Test
    void asksTheSourceEachServiceNames() throws Exception {
        consul.register("billing", "billing-1", "10.0.0.7", 9090);
        consul.register("inventory", "inventory-1", "10.0.0.8", 9090);
        try (PerServiceDiscovery discovery = PerServiceDiscovery.create(settings(""))) {
            assertThat(discovery.endpoints(INVENTORY)).containsExactly(Endpoint.of("127.0.0.1", 8081));
            assertThat(consul.requestCount())
                    .as("a static service never asks Consul")
                    .isZero();
            assertThat(discovery.endpoints(BILLING)).containsExactly(Endpoint.of("10.0.0.7", 9090));
            assertThat(consul.requests())
                    .allSatisfy(request -> assertThat(request.service()).isEqualTo("billing"));
        }
    }

    @Test
    void startsNoConsulThreadUntilAConsulServiceIsUsed() throws Exception {
        consul.register("billing", "billing-1", "10.0.0.7", 9090);
        PerServiceDiscovery discovery = PerServiceDiscovery.create(settings(""));
        try {
            discovery.endpoints(INVENTORY);
            assertThat(ConsulDiscoveryTest.watchThreads()).isEmpty();
            discovery.endpoints(BILLING);
            assertThat(ConsulDiscoveryTest.watchThreads())
                    .extracting(Thread::getName)
                    .containsExactly("nala-consul-watch-billing");
        } finally {
            discovery.close();
        }
        await().atMost(Duration.ofSeconds(15))
                .until(() -> ConsulDiscoveryTest.watchThreads().isEmpty());
        assertThatThrownBy(() -> discovery.endpoints(ServiceName.of("shipping")))
                .isInstanceOf(ServiceDiscoveryException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closingBeforeAnyConsulUseCreatesNoConsulSource() {
        PerServiceDiscovery discovery = PerServiceDiscovery.create(settings(""));
        discovery.close();
        assertThatThrownBy(() -> discovery.endpoints(BILLING))
                .isInstanceOf(ServiceDiscoveryException.class)
                .hasMessageContaining("\"billing\"")
                .hasMessageContaining("closed");
        assertThat(consul.requestCount()).isZero();
    }

    @Test
    void passesChangeListenersOnToConsul() throws Exception {
        consul.register("billing", "billing-1", "10.0.0.7", 9090);
        List<List<Endpoint>> told = new CopyOnWriteArrayList<>();
        try (PerServiceDiscovery discovery = PerServiceDiscovery.create(settings(""))) {
            discovery.addChangeListener((service, endpoints) -> told.add(endpoints));
            discovery.endpoints(BILLING);
            consul.register("billing", "billing-2", "10.0.0.8", 9090);
            await().atMost(Duration.ofSeconds(15)).until(() -> told.size() == 2);
            assertThat(told.get(1)).isSameAs(discovery.endpoints(BILLING)).hasSize(2);
        }
    }

    @Test
    void describesWhichServiceUsesWhichSource() {
        try (PerServiceDiscovery discovery = PerServiceDiscovery.create(settings(""))) {
            assertThat(discovery.describe())
                    .isEqualTo("per-service (static: inventory; consul " + consul.address() + " for the others)");
        }
        try (PerServiceDiscovery discovery = PerServiceDiscovery.create(
                TestSettings.load("nala.consul.address = \"http://consul.internal:8500\""))) {
            assertThat(discovery.describe())
                    .isEqualTo("per-service (consul http://consul.internal:8500 for every service)");
        }
    }

    @Test
    void aMisspelledServiceBlockFallsToConsulAndTheErrorNamesTheBlockMeant() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        NalaSettings settings = TestSettings.load("nala.consul { address = \"http://127.0.0.1:" + closedPort
                + "\", first-answer-timeout = 200ms }\n"
                + "nala.services.paymnet-service { discovery = static, endpoints = [\"127.0.0.1:8081\"] }");
        try (PerServiceDiscovery discovery = PerServiceDiscovery.create(settings)) {
            assertThatThrownBy(() -> discovery.endpoints(ServiceName.of("payment-service")))
                    .isInstanceOf(ServiceDiscoveryException.class)
                    .hasMessageContaining("Consul at http://127.0.0.1:" + closedPort)
                    .hasMessageContaining("has not answered for service \"payment-service\" within 200ms")
                    .hasMessageContaining("ConnectException")
                    .hasMessageContaining("Service \"payment-service\" has no block under nala.services,"
                            + " so it uses nala.defaults (discovery = consul)")
                    .hasMessageEndingWith("did you mean the configured service \"paymnet-service\"?");
            assertThatThrownBy(() -> discovery.endpoints(ServiceName.of("orders")))
                    .hasMessageEndingWith("the services with a block are paymnet-service");
        }
    }
}
