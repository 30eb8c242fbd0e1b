package dev.nala.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;

/**
 * Registers {@link NalaInboundFilter} for every path, ahead of the application's own filters, when
 * the container starts the application (found through {@code META-INF/services}), unless the
 * application registered it itself.
 */
public final class NalaServletInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (registeredAlready(context)) {
            return;
        }
        FilterRegistration.Dynamic filter = context.addFilter(NalaInboundFilter.NAME, NalaInboundFilter.class);
        if (filter == null) {
            return;
        }
        filter.setAsyncSupported(true);
        // Async and error dispatches run after the request dispatch's filter chain returned, on
        // whichever thread the container picks, so the filter must see them too.
        filter.addMappingForUrlPatterns(
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR), false, "/*");
    }

    /** Under Nala's name, or under a name of the application's own. */
    private static boolean registeredAlready(ServletContext context) {
        return context.getFilterRegistration(NalaInboundFilter.NAME) != null
                || context.getFilterRegistrations().values().stream()
                        .anyMatch(registration ->
                                NalaInboundFilter.class.getName().equals(registration.getClassName()));
    }
}
