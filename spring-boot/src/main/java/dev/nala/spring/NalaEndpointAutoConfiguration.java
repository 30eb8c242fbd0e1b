package dev.nala.spring;

import dev.nala.HttpClientFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot's actuator on the class path: the {@code nala} endpoint, {@link NalaEndpoint},
 * when it is exposed ({@code management.endpoints.web.exposure.include=health,nala}) and not turned off.
 */
@AutoConfiguration(after = NalaAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(HttpClientFactory.class)
@ConditionalOnAvailableEndpoint(NalaEndpoint.class)
public final class NalaEndpointAutoConfiguration {

    /** The endpoint over the application's factory. */
    @Bean
    @ConditionalOnMissingBean
    public NalaEndpoint nalaEndpoint(HttpClientFactory factory) {
        return new NalaEndpoint(factory);
    }
}
