package dev.nala.internal;

import java.util.List;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Hides a {@code 503}'s all-digit {@code Retry-After} from OkHttp's follow-up logic, which repeats
 * the request on its own for {@code 0} (even a POST) and throws {@code NumberFormatException} past
 * {@code Integer.MAX_VALUE}, and gives it back afterwards so callers see what the server sent.
 */
public final class RetryAfterShield {
    private static final String RETRY_AFTER = "Retry-After";
    /** Looking a tag up by {@code Class} makes a new {@code KClass} each time. */
    private static final KClass<Hidden> HIDDEN = JvmClassMappingKt.getKotlinClass(Hidden.class);

    private RetryAfterShield() {}

    /** For the network interceptor, which sees each response before the follow-up logic. */
    public static Response hide(Interceptor.Chain chain, Response response) {
        if (response.code() != 503) {
            return response;
        }
        String retryAfter = response.header(RETRY_AFTER);
        if (retryAfter == null || !isMisreadByOkHttp(retryAfter)) {
            return response;
        }
        Hidden hidden = chain.call().tag(HIDDEN, Hidden::new);
        hidden.values = response.headers(RETRY_AFTER);
        return response.newBuilder().removeHeader(RETRY_AFTER).build();
    }

    /** A mode that retries in its chain restores each attempt's response before judging it. */
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

    static boolean isMisreadByOkHttp(String value) {
        int length = value.length();
        if (length == 0) {
            return false;
        }
        int firstNonZero = length;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            if (c != '0' && firstNonZero == length) {
                firstNonZero = i;
            }
        }
        if (firstNonZero == length) {
            return true;
        }
        String significant = value.substring(firstNonZero);
        return significant.length() > 10
                || significant.length() == 10 && significant.compareTo(Integer.toString(Integer.MAX_VALUE)) > 0;
    }

    /** The latest attempt's; attempts of a call run one at a time. */
    private static final class Hidden {
        List<String> values;
    }
}
