package dev.nala.spring;

import okhttp3.OkHttpClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Puts Nala's client under Spring's HTTP clients: every {@code RestClient} built from Spring Boot's
 * {@code RestClient.Builder}, and every {@code RestTemplate} built from its
 * {@code RestTemplateBuilder}, sends through {@link OkHttpClientHttpRequestFactory} on the
 * {@code OkHttpClient} bean (the factory's client, or the application's own bean derived from it
 * with {@code factory.client().newBuilder()}), so {@code http://payment-service/...} is a logical service, retried or
 * not as the mode says. A {@code RestClient.create()} made by hand does not go through Boot's builder:
 * give it {@code new OkHttpClientHttpRequestFactory(factory.client())} yourself.
 */
@AutoConfiguration(after = NalaAutoConfiguration.class)
@ConditionalOnClass({RestClient.class, RestClientCustomizer.class})
public final class NalaRestClientAutoConfiguration {

    /** Spring Boot's {@code RestClient.Builder} sends through Nala. */
    @Bean
    public RestClientCustomizer nalaRestClientCustomizer(OkHttpClient client) {
        return builder -> builder.requestFactory(new OkHttpClientHttpRequestFactory(client));
    }

    /** Only where {@code RestTemplate} is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({RestTemplate.class, RestTemplateCustomizer.class})
    static class RestTemplateOnNala {

        /** Spring Boot's {@code RestTemplateBuilder} sends through Nala. */
        @Bean
        RestTemplateCustomizer nalaRestTemplateCustomizer(OkHttpClient client) {
            return restTemplate -> restTemplate.setRequestFactory(new OkHttpClientHttpRequestFactory(client));
        }
    }
}
