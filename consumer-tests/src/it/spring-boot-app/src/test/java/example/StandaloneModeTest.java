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

/** Standalone mode, the default: Nala retries the inventory service's 503 and the caller gets the stock. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StandaloneModeTest {
    private static final InventoryStandIn inventory = InventoryStandIn.started();

    @DynamicPropertySource
    static void inventoryEndpoint(DynamicPropertyRegistry registry) {
        registry.add("nala.services.inventory.discovery", () -> "static");
        registry.add("nala.services.inventory.endpoints[0]", () -> "127.0.0.1:" + inventory.port());
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
    void theRetriedCallAnswersAndTheInboundRequestIdReachesTheInventoryService() {
        HttpResponse<String> answer = Caller.stock(port, "42", "order-42-standalone");

        assertThat(factory.mode()).isEqualTo(DeploymentMode.STANDALONE);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("3 in stock");
        assertThat(inventory.received())
                .hasSize(2)
                .allSatisfy(received -> {
                    assertThat(received.path()).isEqualTo("/items/42");
                    assertThat(received.requestId()).isEqualTo("order-42-standalone");
                });
    }
}
