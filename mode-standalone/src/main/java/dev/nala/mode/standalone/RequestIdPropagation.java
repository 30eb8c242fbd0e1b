package dev.nala.mode.standalone;

import dev.nala.InboundRequest;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Request;

/**
 * The {@code x-request-id} of a call, the same on every attempt: the caller's own if it set one;
 * else the id of the inbound request being handled ({@link InboundRequest#current()}, which the
 * factory makes visible to asynchronous calls too); else a new random UUID, drawn from
 * {@link ThreadLocalRandom} because a request id must be unique, not unpredictable, and the secure
 * generator is slower and shared by all threads.
 */
final class RequestIdPropagation {
    static final String HEADER = "x-request-id";

    private RequestIdPropagation() {}

    /** The request id to put on every attempt of a call of {@code request}, or null when the caller set one. */
    static String forCall(Request request) {
        String existing = request.header(HEADER);
        return existing == null || existing.isBlank() ? inboundOrNew() : null;
    }

    private static String inboundOrNew() {
        Optional<InboundRequest> inbound = InboundRequest.current();
        if (inbound.isPresent()) {
            Optional<String> id = inbound.get().header(HEADER);
            if (id.isPresent()) {
                return id.get();
            }
        }
        return randomUuid();
    }

    static String randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L; // IETF variant
        return new UUID(high, low).toString();
    }
}
