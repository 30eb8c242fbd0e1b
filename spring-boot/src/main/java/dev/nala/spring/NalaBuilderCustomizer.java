package dev.nala.spring;

import dev.nala.HttpClientFactory;

/**
 * Changes the {@link HttpClientFactory.Builder} before the auto-configured factory is built: settings
 * in code ({@code builder.service("payment-service", s -> s.port(8080))}), a mode forced in a test,
 * or another {@link dev.nala.Environment}. Declare one or more as beans; they run after Nala has
 * applied the {@code nala.*} Spring properties and the application's {@code OpenTelemetry}, in
 * {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface NalaBuilderCustomizer {

    /** Adjusts the builder; called once, while the application context starts. */
    void customize(HttpClientFactory.Builder builder);
}
