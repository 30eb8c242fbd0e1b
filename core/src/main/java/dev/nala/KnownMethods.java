package dev.nala;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The HTTP methods reported as themselves in {@code http.request.method}; any other is reported
 * as {@code _OTHER}, so a client sending odd methods cannot blow up metric cardinality.
 *
 * <p>The default is the OpenTelemetry HTTP conventions' list (RFC 9110 plus PATCH). The
 * conventions' variable {@value #VARIABLE} (comma-separated, case-sensitive) replaces it.
 */
final class KnownMethods {
    static final String VARIABLE = "OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS";
    static final String OTHER = "_OTHER";
    private static final Set<String> DEFAULT =
            Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");

    private final Set<String> known;

    private KnownMethods(Set<String> known) {
        this.known = known;
    }

    static KnownMethods from(Environment environment) {
        return environment.variable(VARIABLE)
                .map(list -> Arrays.stream(list.split(",")).map(String::trim).filter(m -> !m.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .map(KnownMethods::new)
                .orElseGet(() -> new KnownMethods(DEFAULT));
    }

    /** The method itself if known, else {@code _OTHER}. */
    String reported(String method) {
        return known.contains(method) ? method : OTHER;
    }
}
