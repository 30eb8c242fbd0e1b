package dev.nala.spring;

import dev.nala.servlet.NalaInboundFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Registers {@link NalaInboundFilter} in a servlet web application, for every path, on request and
 * async dispatches, so outbound calls made while serving a request carry its tracing headers and
 * request id.
 *
 * <p>Spring Boot's embedded servlet container does not run the {@code ServletContainerInitializer}s
 * of jars, so {@code nala-servlet}'s own initializer never runs there: this registration is what
 * adds the filter. Deployed as a war to an external container, both run; they use the same name,
 * {@link NalaInboundFilter#NAME}, so whichever comes second finds it registered and the filter
 * runs once.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Filter.class, FilterRegistrationBean.class, NalaInboundFilter.class})
public final class NalaServletFilterAutoConfiguration {

    /**
     * Early in the chain, just after Spring's own request observation filter
     * ({@code HIGHEST_PRECEDENCE + 1}), so other filters' outbound calls carry the headers too.
     */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    /** The filter's registration; an application bean with the same name replaces it. */
    @Bean
    @ConditionalOnMissingBean(name = "nalaInboundFilterRegistration")
    public FilterRegistrationBean<NalaInboundFilter> nalaInboundFilterRegistration() {
        FilterRegistrationBean<NalaInboundFilter> registration = new FilterRegistrationBean<>(new NalaInboundFilter());
        registration.setName(NalaInboundFilter.NAME);
        registration.setAsyncSupported(true);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.addUrlPatterns("/*");
        registration.setOrder(ORDER);
        return registration;
    }
}
