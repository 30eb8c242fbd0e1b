package example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.DeploymentMode;
import dev.nala.HttpClientFactory;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Mesh mode, chosen by a Spring property: one attempt, to the Kubernetes name of the inventory
 * service (src/test/hosts points it at the stand-in), so its 503 reaches the caller.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "nala.deployment-mode=mesh")
class MeshModeTest {
    private static final InventoryStandIn inventory = InventoryStandIn.started();

    @DynamicPropertySource
    static void inventoryServicePort(DynamicPropertyRegistry registry) {
        registry.add("nala.services.inventory.port", inventory::port);
    }

    @AfterAll
    static void stopInventory() {
        inventory.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    HttpClientFactory factory;

    @Test
    void oneAttemptToTheKubernetesNameAndTheInboundRequestIdReachesTheInventoryService() {
        HttpResponse<String> answer = Caller.stock(port, "42", "order-42-mesh");

        assertThat(factory.mode()).isEqualTo(DeploymentMode.MESH);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("busy");
        assertThat(inventory.received())
                .containsExactly(new InventoryStandIn.Received(
                        "/items/42", "inventory.default.svc.cluster.local:" + inventory.port(), "order-42-mesh"));
    }
}
