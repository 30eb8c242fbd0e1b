package dev.nala.internal;

import dev.nala.Environment;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The HTTP methods reported as themselves in {@code http.request.method}; any other is reported
 * as {@code _OTHER}, so a client sending odd methods cannot blow up metric cardinality.
 *
 * <p>The default is the OpenTelemetry HTTP conventions' list (RFC 9110 plus PATCH). The
 * conventions' variable {@value #VARIABLE} (comma-separated, case-sensitive) replaces it. The
 * factory's call span and standalone's attempt spans read the same list.
 */
public final class KnownMethods {
    /** The environment variable that replaces the default list. */
    public static final String VARIABLE = "OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS";
    /** What an unknown method is reported as. */
    public static final String OTHER = "_OTHER";

    private static final Set<String> DEFAULT =
            Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");

    private final Set<String> known;

    private KnownMethods(Set<String> known) {
        this.known = known;
    }

    /** The list {@code environment} sets, else the default. */
    public static KnownMethods from(Environment environment) {
        return environment
                .nonBlankVariable(VARIABLE)
                .map(list -> Arrays.stream(list.split(","))
                        .map(String::trim)
                        .filter(m -> !m.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .map(KnownMethods::new)
                .orElseGet(() -> new KnownMethods(DEFAULT));
    }

    /** The method itself if known, else {@code _OTHER}. */
    public String reported(String method) {
        return known.contains(method) ? method : OTHER;
    }
}
