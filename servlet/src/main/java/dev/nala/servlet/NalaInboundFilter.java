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
 * runs, so outbound calls carry its tracing headers and request id. Registered for every path by
 * {@link NalaServletInitializer}.
 */
public final class NalaInboundFilter implements Filter {
    /** The name the filter is registered under. */
    public static final String NAME = "nala-inbound-request";

    private static final String ATTRIBUTE = "dev.nala.servlet.inbound-request";

    /**
     * The inbound request of {@code request}: the one this filter made current for it, else one
     * read from its headers now. For work the container runs on a thread of its own, such as
     * {@code AsyncContext.start(task)}, while the request is still being served:
     *
     * <pre>{@code
     * try (Scope scope = NalaInboundFilter.inboundOf(asyncContext.getRequest()).makeCurrent()) {
     *     ...
     * }
     * }</pre>
     */
    public static InboundRequest inboundOf(ServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof InboundRequest stored) {
            return stored;
        }
        if (request instanceof HttpServletRequest http) {
            return InboundRequest.of(http::getHeader);
        }
        return InboundRequest.of(name -> null);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest)) {
            chain.doFilter(request, response);
            return;
        }
        InboundRequest inbound = inboundOf(request);
        // Stored once: async and error dispatches of the same request reuse it.
        if (request.getAttribute(ATTRIBUTE) == null) {
            request.setAttribute(ATTRIBUTE, inbound);
        }
        try (Scope ignored = inbound.makeCurrent()) {
            chain.doFilter(request, response);
        }
    }
}
