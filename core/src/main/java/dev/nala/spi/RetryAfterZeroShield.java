package dev.nala.spi;

import java.io.IOException;
import java.util.List;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps OkHttp from repeating a {@code 503} that says {@code Retry-After: 0} on its own.
 *
 * <p>OkHttp's follow-up logic sends such a request again, even a POST, and even with
 * {@code retryOnConnectionFailure} off. In standalone mode that is an attempt the retry loop
 * neither sees nor counts, so it would escape the idempotency rules, the budget and
 * {@code max-attempts}; in mesh mode it is one more layer of retries on top of the sidecar's.
 *
 * <p>The factory installs {@link #networkInterceptor()}, which sees each response before the
 * follow-up logic, removes the header and remembers it on the call; {@link #restore} puts it
 * back. The factory restores the final response for every mode; a mode that retries inside its
 * chain restores each attempt's response before judging it, so it sees the {@code 503} as the
 * server sent it.
 */
public final class RetryAfterZeroShield {
    private static final String RETRY_AFTER = "Retry-After";
    /** The tag's key as OkHttp stores it: looking a tag up by {@code Class} makes a new {@code KClass} each time. */
    private static final KClass<Hidden> HIDDEN = JvmClassMappingKt.getKotlinClass(Hidden.class);
    private static final Interceptor HIDE = RetryAfterZeroShield::hide;

    private RetryAfterZeroShield() {}

    /** The network interceptor that hides {@code Retry-After: 0} from OkHttp's follow-ups. */
    public static Interceptor networkInterceptor() {
        return HIDE;
    }

    /**
     * {@code response} with the {@code Retry-After} header the network interceptor hid from the
     * latest attempt of {@code call}, or {@code response} itself if nothing was hidden.
     */
    public static Response restore(Call call, Response response) {
        Hidden hidden = call.tag(HIDDEN);
        if (hidden == null || hidden.values == null) {
            return response;
        }
        List<String> values = hidden.values;
        hidden.values = null; // this attempt's; the next attempt starts clean
        if (response.code() != 503 || response.header(RETRY_AFTER) != null) {
            return response;
        }
        Response.Builder restored = response.newBuilder();
        for (String value : values) {
            restored.addHeader(RETRY_AFTER, value);
        }
        return restored.build();
    }

    private static Response hide(Interceptor.Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (response.code() != 503) {
            return response;
        }
        String retryAfter = response.header(RETRY_AFTER);
        if (retryAfter == null || !isZero(retryAfter)) {
            return response;
        }
        Hidden hidden = chain.call().tag(HIDDEN, Hidden::new);
        hidden.values = response.headers(RETRY_AFTER);
        return response.newBuilder().removeHeader(RETRY_AFTER).build();
    }

    private static boolean isZero(String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return false;
        }
        for (int i = 0; i < trimmed.length(); i++) {
            if (trimmed.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    /** The Retry-After values hidden from the latest attempt; attempts of a call run one at a time. */
    private static final class Hidden {
        List<String> values;
    }
}
