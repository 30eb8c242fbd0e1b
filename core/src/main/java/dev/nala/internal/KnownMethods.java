package dev.nala.internal;

import dev.nala.Environment;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The HTTP methods reported as themselves in {@code http.request.method}, others as {@code _OTHER},
 * so odd methods cannot blow up metric cardinality. {@value #VARIABLE} replaces the default list.
 */
public final class KnownMethods {
    public static final String VARIABLE = "OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS";
    public static final String OTHER = "_OTHER";

    private static final Set<String> DEFAULT =
            Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");

    private final Set<String> known;

    private KnownMethods(Set<String> known) {
        this.known = known;
    }

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

    public String reported(String method) {
        return known.contains(method) ? method : OTHER;
    }
}
