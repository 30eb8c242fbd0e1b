package dev.nala.examples.spring;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/** Orders: each asks the inventory service, by its logical name, through Nala's client. */
@RestController
class OrderController {
    private final RestClient inventory;

    /** Spring Boot's {@code RestClient.Builder}: Nala's auto-configuration has put its client under it. */
    OrderController(RestClient.Builder restClient) {
        this.inventory = restClient.baseUrl("http://inventory").build();
    }

    @GetMapping("/orders/{id}")
    ResponseEntity<String> order(@PathVariable("id") String id) {
        try {
            String stock = inventory.get().uri("/items/{id}", id).retrieve().body(String.class);
            return ResponseEntity.ok("order " + id + " accepted, inventory says: " + stock);
        } catch (RestClientResponseException e) {
            return ResponseEntity.status(502)
                    .body("order " + id + " not accepted: inventory answered "
                            + e.getStatusCode().value());
        }
    }
}
