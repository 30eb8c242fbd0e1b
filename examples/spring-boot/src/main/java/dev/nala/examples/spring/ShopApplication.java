package dev.nala.examples.spring;

import dev.nala.HttpClientFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A shop service: {@code GET /orders/{id}} asks the inventory service, through Nala, whether the
 * item is in stock. The example starts a stand-in inventory service that is busy (503) on its
 * first request, starts the shop on a free port, sends it one request with an {@code x-request-id}
 * as a caller would, prints what happened and {@code /actuator/health/nala}, and stops.
 *
 * <p>Standalone (the default): Nala retries the 503 and the order goes through; the stand-in saw
 * two requests. Mesh ({@code NALA_DEPLOYMENT_MODE=mesh}): Nala makes one attempt, the sidecar's job
 * is retrying, so the 503 reaches the shop; the stand-in saw one request, sent to the Kubernetes
 * name (played by {@link LaptopClusterDns}).
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) throws Exception {
        try (InventoryStandIn inventory = InventoryStandIn.start()) {
            ConfigurableApplicationContext shop = new SpringApplicationBuilder(ShopApplication.class)
                    .web(WebApplicationType.SERVLET)
                    .properties(Map.of("server.port", "0", "inventory.port", String.valueOf(inventory.port())))
                    .run(args);
            try (shop) {
                int port = ((WebServerApplicationContext) shop).getWebServer().getPort();
                HttpClient caller = HttpClient.newHttpClient();
                HttpResponse<String> order = caller.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/42"))
                                .header("x-request-id", "order-42-from-the-example")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> health = caller.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/nala"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

                System.out.println();
                System.out.println(
                        "Nala mode: " + shop.getBean(HttpClientFactory.class).mode());
                System.out.println("GET /orders/42 -> " + order.statusCode() + " " + order.body());
                System.out.println("The inventory stand-in received "
                        + inventory.requests().size() + " request(s):");
                inventory.requests().forEach(request -> System.out.println("  " + request));
                System.out.println("GET /actuator/health/nala -> " + health.body());
                System.out.println();
            }
        }
    }
}
