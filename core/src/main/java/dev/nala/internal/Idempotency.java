package dev.nala.internal;

import dev.nala.CallOptions;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Whether a request may reach the server more than once without harm (RFC 9110 section 9.2.2),
 * for the two places Nala may send one again: standalone's retries and either mode's resend of a
 * request that failed on a pooled connection the server had already closed.
 */
public final class Idempotency {
    /** The header by which a caller declares a request safe to repeat, whatever its method. */
    public static final String KEY_HEADER = "Idempotency-Key";

    private Idempotency() {}

    /** GET, HEAD, OPTIONS, PUT, DELETE and TRACE: the methods RFC 9110 defines as idempotent. */
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

    /**
     * An idempotent method, an {@value #KEY_HEADER} header, or {@link CallOptions#idempotent()}
     * in the request's {@link CallOptions} tag: the caller declared it safe to repeat. Says
     * nothing of the body.
     */
    public static boolean isSafeToRepeat(Request request) {
        return isIdempotentMethod(request.method())
                || request.header(KEY_HEADER) != null
                || CallOptions.from(request).idempotent();
    }

    /** Whether the request's body, if any, can be written a second time: not one-shot, not duplex. */
    public static boolean canWriteBodyAgain(Request request) {
        RequestBody body = request.body();
        return body == null || !(body.isOneShot() || body.isDuplex());
    }
}
