package dev.nala.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.servlet.NalaInboundFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The starter in mesh mode, chosen by {@code NALA_DEPLOYMENT_MODE=mesh} (through Nala's
 * {@link Environment} seam, not the real process environment): the inbound filter is registered
 * once, and a request's tracing headers reach the upstream its controller calls.
 */
@SpringBootTest(
        classes = {RelayApplication.class, MeshContextTest.MeshEnvironment.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MeshContextTest {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final MockWebServer upstream = Upstreams.started();

    @TestConfiguration(proxyBeanMethods = false)
    static class MeshEnvironment {
        @Bean
        NalaBuilderCustomizer meshFromTheEnvironment() {
            return builder -> builder.environment(Environment.of(Map.of("NALA_DEPLOYMENT_MODE", "mesh")));
        }
    }

    @DynamicPropertySource
    static void relayTarget(DynamicPropertyRegistry registry) {
        registry.add("relay.target", () -> "http://127.0.0.1:" + upstream.getPort() + "/downstream");
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @Autowired
    HttpClientFactory factory;

    @Autowired
    ServletWebServerApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void theModeComesFromTheEnvironmentVariable() {
        assertThat(factory.mode()).isEqualTo(DeploymentMode.MESH);
        assertThat(factory.describe().text()).contains("mesh (from env NALA_DEPLOYMENT_MODE)");
    }

    @Test
    void theFilterIsRegisteredOnceForRequestsAndAsyncDispatches() {
        Map<String, ? extends FilterRegistration> registrations =
                context.getServletContext().getFilterRegistrations();
        assertThat(registrations.values())
                .filteredOn(registration -> NalaInboundFilter.class.getName().equals(registration.getClassName()))
                .singleElement()
                .satisfies(registration -> assertThat(registration.getName()).isEqualTo(NalaInboundFilter.NAME));

        @SuppressWarnings("unchecked")
        FilterRegistrationBean<NalaInboundFilter> bean =
                context.getBean("nalaInboundFilterRegistration", FilterRegistrationBean.class);
        assertThat(bean.isAsyncSupported()).isTrue();
        assertThat(bean.determineDispatcherTypes())
                .containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ASYNC);
    }

    @Test
    void inboundRequestIdAndTraceparentReachTheUpstream() throws InterruptedException {
        upstream.enqueue(Upstreams.answer(200, "downstream answer"));

        String answer = RestClient.create()
                .get()
                .uri("http://127.0.0.1:" + port + "/relay")
                .header("x-request-id", "req-42")
                .header("traceparent", TRACEPARENT)
                .retrieve()
                .body(String.class);

        assertThat(answer).isEqualTo("downstream answer");
        RecordedRequest received = upstream.takeRequest();
        assertThat(received.getHeaders().get("x-request-id")).isEqualTo("req-42");
        // The same trace, continued: its id and sampled flag travel on (the span id is the outbound hop's).
        assertThat(received.getHeaders().get("traceparent"))
                .startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
                .endsWith("-01");
    }
}
