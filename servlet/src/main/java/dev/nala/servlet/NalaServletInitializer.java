package dev.nala.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;

/**
 * Registers {@link NalaInboundFilter} for every path when the container starts the application
 * (found through {@code META-INF/services}), unless the application registered it itself.
 */
public final class NalaServletInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (context.getFilterRegistration(NalaInboundFilter.NAME) != null) {
            return;
        }
        FilterRegistration.Dynamic filter = context.addFilter(NalaInboundFilter.NAME, new NalaInboundFilter());
        if (filter == null) {
            return;
        }
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
    }
}
