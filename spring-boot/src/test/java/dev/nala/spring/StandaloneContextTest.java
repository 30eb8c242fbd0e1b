package dev.nala.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.DeploymentMode;
import dev.nala.HttpClientFactory;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The starter in a servlet application in standalone mode (the default), with one static service,
 * {@code flaky}, set up in application.yml over application.conf.
 */
@SpringBootTest(
        classes = RelayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=health,nala",
            "management.endpoint.health.show-components=always",
            "management.endpoint.health.show-details=always"
        })
class StandaloneContextTest {
    private static final MockWebServer flaky = Upstreams.started();

    @DynamicPropertySource
    static void flakyUpstream(DynamicPropertyRegistry registry) {
        registry.add("flaky.upstream", () -> "127.0.0.1:" + flaky.getPort());
    }

    @AfterAll
    static void stopUpstream() {
        flaky.close();
    }

    @Autowired
    HttpClientFactory factory;

    @Autowired
    OkHttpClient client;

    @Autowired
    RestTemplateBuilder restTemplateBuilder;

    @LocalServerPort
    int port;

    private final RestClient toApp = RestClient.create();

    @Test
    void theFactoryRunsStandaloneWithApplicationYmlOverApplicationConf() {
        assertThat(factory.mode()).isEqualTo(DeploymentMode.STANDALONE);
        assertThat(client).isSameAs(factory.client());
        String report = factory.describe().text();
        assertThat(report).contains("service flaky", "resolves to static endpoints: 127.0.0.1:" + flaky.getPort());
        assertThat(report).containsPattern("call-timeout = 4s +\\(application\\.yml:\\d+\\)");
        assertThat(report).containsPattern("retry\\.backoff\\.initial = 10ms +\\(application\\.conf:\\d+\\)");
    }

    @Test
    void aControllersRestClientCallIsRetriedByNala() {
        flaky.enqueue(Upstreams.answer(503, "busy"));
        flaky.enqueue(Upstreams.answer(200, "hello"));
        int before = flaky.getRequestCount();

        String answer = toApp.get()
                .uri("http://127.0.0.1:" + port + "/relay")
                .retrieve()
                .body(String.class);

        assertThat(answer).isEqualTo("hello");
        assertThat(flaky.getRequestCount() - before).isEqualTo(2);
    }

    @Test
    void restTemplateFromBootsBuilderIsOnNalaToo() {
        flaky.enqueue(Upstreams.answer(503, "busy"));
        flaky.enqueue(Upstreams.answer(200, "hello"));
        int before = flaky.getRequestCount();

        String answer = restTemplateBuilder.build().getForObject("http://flaky/hello", String.class);

        assertThat(answer).isEqualTo("hello");
        assertThat(flaky.getRequestCount() - before).isEqualTo(2);
    }

    @Test
    void healthHasANalaComponentThatIsUp() {
        String health = toApp.get()
                .uri("http://127.0.0.1:" + port + "/actuator/health/nala")
                .retrieve()
                .body(String.class);

        assertThat(health).contains("\"status\":\"UP\"", "\"mode\":\"standalone\"", "\"findings\":[]");
    }

    @Test
    void theNalaEndpointShowsTheDoctorReport() {
        String report = toApp.get()
                .uri("http://127.0.0.1:" + port + "/actuator/nala")
                .retrieve()
                .body(String.class);

        assertThat(report)
                .contains(
                        "\"mode\":\"standalone\"",
                        "\"hasErrors\":false",
                        "\"text\":\"Nala deployment mode: standalone");
    }
}
