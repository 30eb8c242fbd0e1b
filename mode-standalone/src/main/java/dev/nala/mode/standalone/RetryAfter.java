package dev.nala.mode.standalone;

import java.util.Date;
import okhttp3.Response;

/**
 * Reads a response's {@code Retry-After} (RFC 9110 section 10.2.3): delay seconds, or an HTTP
 * date. An absent, malformed or negative value means "no advice".
 */
final class RetryAfter {
    static final String HEADER = "Retry-After";
    /** No advice: the backoff decides. */
    static final long NONE = -1;
    /** Longer than any call deadline (24 h); keeps the arithmetic far from overflow. */
    private static final long MAX_MILLIS = 86_400_000L;

    private RetryAfter() {}

    /** @return the advised delay in milliseconds (0 or more, at most a day), or {@link #NONE} */
    static long millis(Response response, long nowEpochMillis) {
        String value = response.header(HEADER);
        if (value == null) {
            return NONE;
        }
        long seconds = seconds(value);
        if (seconds >= 0) {
            return Math.min(seconds * 1000, MAX_MILLIS);
        }
        Date date = response.headers().getDate(HEADER);
        if (date == null) {
            return NONE;
        }
        return Math.max(0, Math.min(date.getTime() - nowEpochMillis, MAX_MILLIS));
    }

    /** Digits only (no sign, no fraction), as the RFC's delay-seconds; -1 otherwise. */
    private static long seconds(String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty() || !allDigits(trimmed)) {
            return -1;
        }
        return trimmed.length() > 9 ? MAX_MILLIS / 1000 : Long.parseLong(trimmed);
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
