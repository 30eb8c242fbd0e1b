package dev.nala.spring;

import com.typesafe.config.Config;
import dev.nala.HttpClientFactory;
import io.opentelemetry.api.OpenTelemetry;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The application's {@link HttpClientFactory} and its {@link OkHttpClient}, as beans.
 *
 * <p>Settings, highest precedence first: the environment variables Nala documents
 * ({@code NALA_DEPLOYMENT_MODE}, {@code CONSUL_HTTP_ADDR}, ...); for the mode, the system property
 * {@code nala.deployment-mode}; {@link NalaBuilderCustomizer} beans (settings in code); Spring's
 * {@code nala.*} properties ({@code application.yml}, {@code application.properties}, command line,
 * {@code SPRING_APPLICATION_JSON}); JVM system properties; {@code application.conf}; Nala's
 * {@code reference.conf}. All of them are validated together when the factory is built, so an
 * unknown or invalid key under {@code nala.*} fails the context with Nala's own message. The
 * factory is closed with the context. An {@code OpenTelemetry} bean, if the application has one,
 * traces and measures the calls; otherwise the global one does.
 *
 * <p>An application that declares its own {@code HttpClientFactory} bean keeps it, and this
 * configuration only adds the client.
 */
@AutoConfiguration
public final class NalaAutoConfiguration {

    /** The factory, built from the settings above; closed when the context closes. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public HttpClientFactory nalaHttpClientFactory(
            ConfigurableEnvironment environment,
            ObjectProvider<OpenTelemetry> openTelemetry,
            ObjectProvider<NalaBuilderCustomizer> customizers) {
        OpenTelemetryApiCheck.check();
        UnreadNalaVariables.warn(environment);
        HttpClientFactory.Builder builder = HttpClientFactory.builder();
        Config springProperties = SpringNalaProperties.from(environment);
        if (!springProperties.isEmpty()) {
            builder.overrides(springProperties);
        }
        openTelemetry.ifAvailable(builder::openTelemetry);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * The factory's shared client; the factory owns it, so the context does not close it. An
     * application bean of this type (say, {@code factory.client().newBuilder()} with an extra
     * interceptor) replaces it, for Spring's HTTP clients too.
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public OkHttpClient nalaOkHttpClient(HttpClientFactory factory) {
        return factory.client();
    }
}
