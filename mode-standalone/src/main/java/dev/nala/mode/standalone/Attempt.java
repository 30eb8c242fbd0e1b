package dev.nala.mode.standalone;

/**
 * The attempt of one logical call now in flight, as a request tag the inner interceptors read:
 * which attempt it is (the attempt span's {@code http.request.resend_count}) and the service's
 * per-try timeout (the URL they see may already name an endpoint, not the service). The retry
 * loop creates one per call and updates it before each attempt; attempts run one after
 * another on one thread.
 */
final class Attempt {
    private final int perTryTimeoutMillis;
    private int resendCount;

    Attempt(int perTryTimeoutMillis) {
        this.perTryTimeoutMillis = perTryTimeoutMillis;
    }

    /** 0 for the first attempt, 1 for the first retry, and so on. */
    int resendCount() {
        return resendCount;
    }

    void resendCount(int count) {
        this.resendCount = count;
    }

    /** The service's {@code per-try-timeout} in milliseconds; 0 when it has none. */
    int perTryTimeoutMillis() {
        return perTryTimeoutMillis;
    }
}
