package dev.nala.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.FactoryClosedException;
import dev.nala.HttpClientFactory;
import dev.nala.NalaConfigurationException;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Contexts without a web server: started, failed and closed by the test itself. */
class ContextLifecycleTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class PlainApplication {}

    private static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(PlainApplication.class).web(WebApplicationType.NONE);
    }

    @Test
    void theStarterAloneGivesAStandaloneFactoryThatIsClosedWithTheContext() {
        HttpClientFactory factory;
        OkHttpClient client;
        try (ConfigurableApplicationContext context = application().run()) {
            factory = context.getBean(HttpClientFactory.class);
            client = context.getBean(OkHttpClient.class);
            assertThat(factory.mode()).isEqualTo(DeploymentMode.STANDALONE);
            assertThat(client.dispatcher().executorService().isShutdown()).isFalse();
        }

        assertThat(client.dispatcher().executorService().isShutdown()).isTrue();
        Request request = new Request.Builder().url("http://127.0.0.1:9/").build();
        assertThatThrownBy(() -> client.newCall(request).execute()).isInstanceOf(FactoryClosedException.class);
    }

    @Test
    void aTypoUnderNalaFailsTheContextWithNalasMessage() {
        assertThatThrownBy(() -> application().run("--spring.config.name=typo"))
                .rootCause()
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("Unknown setting nala.defaults.retry.max-attemps (typo.properties:1):"
                        + " did you mean nala.defaults.retry.max-attempts?");
    }

    @Test
    void theModeCanBeASpringProperty() {
        try (ConfigurableApplicationContext context = application().run("--nala.deployment-mode=mesh")) {
            HttpClientFactory factory = context.getBean(HttpClientFactory.class);
            assertThat(factory.mode()).isEqualTo(DeploymentMode.MESH);
            assertThat(factory.describe().text()).contains("from config key nala.deployment-mode");
        }
    }

    @Test
    void theEnvironmentVariableWinsOverTheSpringProperty() {
        NalaBuilderCustomizer standaloneVariable =
                builder -> builder.environment(Environment.of(Map.of("NALA_DEPLOYMENT_MODE", "standalone")));
        try (ConfigurableApplicationContext context = application()
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("standaloneVariable", standaloneVariable))
                .run("--nala.deployment-mode=mesh")) {
            assertThat(context.getBean(HttpClientFactory.class).mode()).isEqualTo(DeploymentMode.STANDALONE);
        }
    }
}
