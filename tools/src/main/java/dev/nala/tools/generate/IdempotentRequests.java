package dev.nala.tools.generate;

import dev.nala.internal.Idempotency;
import java.util.List;
import java.util.Locale;

/**
 * What standalone mode may send twice (the rule of {@code Idempotency}), as a mesh route can match
 * it: the idempotent methods, or any request carrying an {@code Idempotency-Key} header.
 */
final class IdempotentRequests {
    /** RFC 9110's idempotent methods, which {@code Idempotency.isIdempotentMethod} accepts. */
    static final List<String> METHODS = List.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    /** Meshes match header names in lower case. */
    static final String KEY_HEADER = Idempotency.KEY_HEADER.toLowerCase(Locale.ROOT);

    private IdempotentRequests() {}
}
