package dev.nala.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Client-side routing as a user writes it by hand with OkHttp's API: pick the next endpoint
 * (round robin), point the URL at it with {@code url.newBuilder().host(...).port(...)}, and add a
 * random {@code x-request-id}, in one copy of the request. No retry, no breaker, no span, no
 * deadline. What routing costs when written the plain way, beside Nala's standalone mode, which
 * does the same and more per call.
 */
final class HandWrittenRouting implements Interceptor {
    private final List<String[]> endpoints;
    private final AtomicInteger next = new AtomicInteger();

    /** @param endpoints {@code host:port} each */
    HandWrittenRouting(List<String> endpoints) {
        this.endpoints =
                endpoints.stream().map(endpoint -> endpoint.split(":", 2)).toList();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        String[] endpoint = endpoints.get(Math.floorMod(next.getAndIncrement(), endpoints.size()));
        HttpUrl url = chain.request()
                .url()
                .newBuilder()
                .host(endpoint[0])
                .port(Integer.parseInt(endpoint[1]))
                .build();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return chain.proceed(chain.request()
                .newBuilder()
                .url(url)
                .header("x-request-id", new UUID(random.nextLong(), random.nextLong()).toString())
                .build());
    }
}
