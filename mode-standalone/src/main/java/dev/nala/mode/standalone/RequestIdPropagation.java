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
 * Puts an {@code x-request-id} on every call, outermost in the chain so that every retry of the
 * call carries the same id. Kept if the caller set one; else the id of the inbound request being
 * handled ({@link InboundRequest#current()}, which the factory makes visible to asynchronous
 * calls too); else a new random UUID.
 *
 * <p>The UUID is a version 4 UUID drawn from {@link ThreadLocalRandom} rather than
 * {@link UUID#randomUUID()}: a request id must be unique, not unpredictable, and the secure
 * generator is slower and shared by all threads.
 */
final class RequestIdPropagation implements Interceptor {
    static final String HEADER = "x-request-id";

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String existing = request.header(HEADER);
        if (existing != null && !existing.isBlank()) {
            return chain.proceed(request);
        }
        return chain.proceed(request.newBuilder().header(HEADER, inboundOrNew()).build());
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
