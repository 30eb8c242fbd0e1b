package dev.nala.mode.standalone;

import dev.nala.InboundRequest;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Gives every attempt of a call the same {@code x-request-id}, chosen on its first attempt: the
 * caller's own if it set one; else the id of the inbound request being handled
 * ({@link InboundRequest#current()}, which the factory makes visible to asynchronous calls too);
 * else a new random UUID, drawn from {@link ThreadLocalRandom} because a request id must be unique,
 * not unpredictable, and the secure generator is slower and shared by all threads.
 */
final class RequestIdPropagation implements AttemptStep {
    static final String HEADER = "x-request-id";

    private final AttemptStep next;

    private RequestIdPropagation(AttemptStep next) {
        this.next = next;
    }

    static AttemptStep around(AttemptStep next) {
        return new RequestIdPropagation(next);
    }

    @Override
    public Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        LogicalCall call = LogicalCall.of(chain.call());
        if (call == null) {
            return next.proceed(chain, request);
        }
        if (!call.requestIdChosen()) {
            call.requestId(forCall(request));
        }
        return next.proceed(chain, call.withRequestId(request));
    }

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
