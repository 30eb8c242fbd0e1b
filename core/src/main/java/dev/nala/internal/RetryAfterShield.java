package dev.nala.internal;

import java.util.List;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps OkHttp's follow-up logic away from a {@code 503}'s {@code Retry-After} when acting on it
 * would be wrong, and gives the header back afterwards.
 *
 * <p>OkHttp reads a {@code 503}'s {@code Retry-After} when it is all digits: {@code 0} makes it
 * send the request again on its own, even a POST and even with {@code retryOnConnectionFailure}
 * off (in standalone mode an attempt the retry loop would neither see nor count; in mesh mode a
 * layer of retries on top of the sidecar's); a value of 2<sup>31</sup> or more makes it throw an
 * unchecked {@code NumberFormatException} out of {@code execute()}, or on the dispatcher thread
 * for {@code enqueue()}. Such a header is hidden from it: the factory's network interceptor calls
 * {@link #hide}, which sees each response before the follow-up logic, removes the header and
 * remembers it on the call; {@link #restore} puts it back. The factory restores the final
 * response for every mode, so a caller sees the header as the server sent it; a mode that retries
 * inside its chain restores each attempt's response before judging it.
 */
public final class RetryAfterShield {
    private static final String RETRY_AFTER = "Retry-After";
    /** The tag's key as OkHttp stores it: looking a tag up by {@code Class} makes a new {@code KClass} each time. */
    private static final KClass<Hidden> HIDDEN = JvmClassMappingKt.getKotlinClass(Hidden.class);

    private RetryAfterShield() {}

    /**
     * {@code response} (a network response of {@code chain}'s call) without a {@code Retry-After}
     * that OkHttp's follow-up logic would act on or fail to parse; the header is remembered on the
     * call for {@link #restore}.
     */
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

    /**
     * {@code response} with the {@code Retry-After} header {@link #hide} removed from the latest
     * attempt of {@code call}, or {@code response} itself if nothing was hidden.
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

    /**
     * OkHttp parses a value of digits only with {@code Integer.valueOf}: it repeats the request
     * for zero and throws for anything past {@code Integer.MAX_VALUE}.
     */
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

    /** The Retry-After values hidden from the latest attempt; attempts of a call run one at a time. */
    private static final class Hidden {
        List<String> values;
    }
}
