package dev.nala.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/** A Spring Boot application with the starter and nothing else: it answers /relay by calling {@code relay.target}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RelayApplication.Relay.class)
class RelayApplication {

    @RestController
    static class Relay {
        private final RestClient restClient;
        private final String target;

        Relay(RestClient.Builder restClient, @Value("${relay.target:http://flaky/hello}") String target) {
            this.restClient = restClient.build();
            this.target = target;
        }

        @GetMapping("/relay")
        String relay() {
            return restClient.get().uri(target).retrieve().body(String.class);
        }
    }
}
