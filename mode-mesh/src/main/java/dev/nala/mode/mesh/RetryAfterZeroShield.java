package dev.nala.mode.mesh;

import java.io.IOException;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps a {@code 503} with {@code Retry-After: 0} to one attempt.
 *
 * <p>OkHttp repeats a request on its own when a 503 says {@code Retry-After: 0}, even a POST,
 * and even with {@code retryOnConnectionFailure} off. Behind a sidecar that repeat is one more
 * layer of retries. {@link Hide} (a network interceptor, which sees the response before
 * OkHttp's follow-up logic does) removes the header; {@link Restore} (an application
 * interceptor, which sees the final response) puts it back, so the caller gets the 503 exactly
 * as the server sent it.
 */
final class RetryAfterZeroShield {
    private static final String RETRY_AFTER = "Retry-After";

    private RetryAfterZeroShield() {}

    static final class Hide implements Interceptor {
        @Override
        public Response intercept(Chain chain) throws IOException {
            Response response = chain.proceed(chain.request());
            String retryAfter = response.header(RETRY_AFTER);
            if (response.code() != 503 || retryAfter == null || !retryAfter.matches("0+")) {
                return response;
            }
            List<String> values = response.headers(RETRY_AFTER);
            chain.call().tag(Hidden.class, () -> new Hidden(values));
            return response.newBuilder().removeHeader(RETRY_AFTER).build();
        }
    }

    static final class Restore implements Interceptor {
        @Override
        public Response intercept(Chain chain) throws IOException {
            Response response = chain.proceed(chain.request());
            Hidden hidden = chain.call().tag(Hidden.class);
            if (hidden == null || response.code() != 503 || response.header(RETRY_AFTER) != null) {
                return response;
            }
            Response.Builder restored = response.newBuilder();
            hidden.values().forEach(value -> restored.addHeader(RETRY_AFTER, value));
            return restored.build();
        }
    }

    private record Hidden(List<String> values) {}
}
