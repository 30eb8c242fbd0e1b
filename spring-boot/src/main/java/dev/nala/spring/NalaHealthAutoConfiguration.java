package dev.nala.spring;

import dev.nala.HttpClientFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot's health support on the class path (the actuator brings it): the {@code nala}
 * health indicator, {@link NalaHealthIndicator}. Off with {@code management.health.nala.enabled=false}.
 */
@AutoConfiguration(after = NalaAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(HttpClientFactory.class)
@ConditionalOnEnabledHealthIndicator("nala")
public final class NalaHealthAutoConfiguration {

    /** Named so that its health contributor is {@code nala}. */
    @Bean
    @ConditionalOnMissingBean(name = "nalaHealthIndicator")
    public NalaHealthIndicator nalaHealthIndicator(HttpClientFactory factory) {
        return new NalaHealthIndicator(factory);
    }
}
