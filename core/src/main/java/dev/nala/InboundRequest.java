package dev.nala;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tracing headers of the request your service is handling, so that Nala forwards them on
 * every outbound call made while handling it.
 *
 * <p>A service mesh only stitches its spans into one trace if each application copies the
 * inbound request's tracing headers to its outbound calls. In a servlet application,
 * {@code dev.nala:nala-servlet} does it for every request; elsewhere, hand Nala those headers once
 * per inbound request, from a JDK {@code HttpServer} handler or any framework:
 *
 * <pre>{@code
 * try (Scope scope = InboundRequest.of(servletRequest::getHeader).makeCurrent()) {
 *     chain.doFilter(servletRequest, servletResponse);
 * }
 * }</pre>
 *
 * <p>Only the headers in {@link #FORWARDED_HEADERS} are kept; {@code Authorization}, cookies and
 * everything else are never captured. The request is stored in the OpenTelemetry
 * {@link Context}, so it follows the work to other threads the same way trace context does:
 * wrap tasks with {@code Context.current().wrap(task)} or executors with
 * {@code Context.taskWrapping(executor)} (the OpenTelemetry Java agent does this for you).
 */
public final class InboundRequest {

    /** The headers Nala forwards: Envoy's request id, W3C trace context and baggage, B3, and older tracers'. */
    public static final List<String> FORWARDED_HEADERS = List.of(
            "x-request-id",
            "traceparent",
            "tracestate",
            "baggage",
            "x-b3-traceid",
            "x-b3-spanid",
            "x-b3-parentspanid",
            "x-b3-sampled",
            "x-b3-flags",
            "b3",
            "x-ot-span-context",
            "x-cloud-trace-context");

    private static final ContextKey<InboundRequest> KEY = ContextKey.named("dev.nala.inbound-request");
    private static final int MAX_VALUE_LENGTH = 8192;

    private final Map<String, String> headers;

    private InboundRequest(Map<String, String> headers) {
        this.headers = Collections.unmodifiableMap(headers);
    }

    /**
     * Captures the forwarded headers through a lookup by name, such as
     * {@code HttpServletRequest::getHeader}. The lookup is asked for lower-case names and should
     * ignore case, as HTTP header lookups do.
     */
    public static InboundRequest of(Function<String, String> headerLookup) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : FORWARDED_HEADERS) {
            keep(kept, name, headerLookup.apply(name));
        }
        return new InboundRequest(kept);
    }

    /**
     * Captures the forwarded headers from a multi-map such as the JDK {@code HttpServer}'s
     * {@code exchange.getRequestHeaders()}. Names are matched ignoring case; repeated values are
     * joined with commas, as HTTP allows.
     */
    public static InboundRequest of(Map<String, ? extends List<String>> headers) {
        Map<String, String> byLowerName = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends List<String>> header : headers.entrySet()) {
            if (header.getKey() == null
                    || header.getValue() == null
                    || header.getValue().isEmpty()) {
                continue;
            }
            String name = header.getKey().toLowerCase(Locale.ROOT);
            String joined = String.join(",", header.getValue());
            byLowerName.merge(name, joined, (a, b) -> a + "," + b);
        }
        return of(byLowerName::get);
    }

    /** The inbound request of the current context, if one was made current. */
    public static Optional<InboundRequest> current() {
        return Optional.ofNullable(Context.current().get(KEY));
    }

    /** Whether {@code context} holds an inbound request. */
    static boolean isIn(Context context) {
        return context.get(KEY) != null;
    }

    /** Makes this the current inbound request until the returned scope is closed. */
    public Scope makeCurrent() {
        return Context.current().with(KEY, this).makeCurrent();
    }

    /** A context like {@code context} with this as its inbound request, for passing work on explicitly. */
    public Context storeIn(Context context) {
        return context.with(KEY, this);
    }

    /** The value of one forwarded header, by lower-case name. */
    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    /** The captured headers by lower-case name, in {@link #FORWARDED_HEADERS} order. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Keeps a value only if it can go on the wire unchanged: printable ASCII, bounded length. */
    private static void keep(Map<String, String> kept, String name, String value) {
        if (value == null) {
            return;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_VALUE_LENGTH) {
            return;
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return;
            }
        }
        kept.put(name, trimmed);
    }

    @Override
    public String toString() {
        return "InboundRequest" + headers.keySet();
    }
}
