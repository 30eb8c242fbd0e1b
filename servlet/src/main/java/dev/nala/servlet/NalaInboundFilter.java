package dev.nala.servlet;

import dev.nala.InboundRequest;
import io.opentelemetry.context.Scope;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Makes the HTTP request being served Nala's {@link InboundRequest} while the rest of the chain
 * runs, async dispatches included, so outbound calls carry its tracing headers and request id.
 * Registered for every path by {@link NalaServletInitializer}.
 */
public final class NalaInboundFilter implements Filter {
    /** The name the filter is registered under. */
    public static final String NAME = "nala-inbound-request";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http)) {
            chain.doFilter(request, response);
            return;
        }
        try (Scope ignored = InboundRequest.of(http::getHeader).makeCurrent()) {
            chain.doFilter(request, response);
        }
    }
}
