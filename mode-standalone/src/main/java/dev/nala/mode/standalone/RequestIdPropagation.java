package dev.nala.mode.standalone;

import dev.nala.InboundRequest;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Request;

/**
 * Chooses the {@code x-request-id} of a call once, before the retry loop's first attempt, so that
 * every attempt of the call carries the same id ({@link Attempt} holds it; the interceptor that
 * routes each attempt puts it on the request). Kept if the caller set one; else the id of the inbound request being
 * handled ({@link InboundRequest#current()}, which the factory makes visible to asynchronous
 * calls too); else a new random UUID.
 *
 * <p>The UUID is a version 4 UUID drawn from {@link ThreadLocalRandom} rather than
 * {@link UUID#randomUUID()}: a request id must be unique, not unpredictable, and the secure
 * generator is slower and shared by all threads.
 */
final class RequestIdPropagation {
    static final String HEADER = "x-request-id";

    /** The request id to put on every attempt of a call of {@code request}, or null when the caller set one. */
    String forCall(Request request) {
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
