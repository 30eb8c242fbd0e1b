package example;

import java.nio.charset.StandardCharsets;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/** Asks the inventory service, by its logical name, and answers with what it said. */
@RestController
class StockController {
    private final RestClient inventory;

    StockController(RestClient.Builder restClient) {
        this.inventory = restClient.baseUrl("http://inventory").build();
    }

    @GetMapping("/stock/{item}")
    ResponseEntity<String> stock(@PathVariable("item") String item) {
        return inventory.get().uri("/items/{item}", item).exchange((request, response) -> ResponseEntity
                .status(response.getStatusCode())
                .body(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }
}
