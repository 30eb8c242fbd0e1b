package dev.nala.internal;

import dev.nala.CallOptions;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Whether a request may reach the server more than once without harm (RFC 9110 section 9.2.2),
 * for standalone's retries and either mode's resend on a closed pooled connection.
 */
public final class Idempotency {
    public static final String KEY_HEADER = "Idempotency-Key";

    private Idempotency() {}

    public static boolean isIdempotentMethod(String method) {
        switch (method) {
            case "GET":
            case "HEAD":
            case "OPTIONS":
            case "PUT":
            case "DELETE":
            case "TRACE":
                return true;
            default:
                return false;
        }
    }

    /** Says nothing of the body. */
    public static boolean isSafeToRepeat(Request request) {
        return isIdempotentMethod(request.method())
                || request.header(KEY_HEADER) != null
                || CallOptions.from(request).idempotent();
    }

    /** Not one-shot, not duplex. */
    public static boolean canWriteBodyAgain(Request request) {
        RequestBody body = request.body();
        return body == null || !(body.isOneShot() || body.isDuplex());
    }
}
