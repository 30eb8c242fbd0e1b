package dev.nala;

import dev.nala.internal.CallDeadline;
import dev.nala.internal.RetryAfterShield;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Where every call enters the factory's client: refuses calls after close, arms the deadline,
 * restores the caller's context, runs the mode's chain in the call span and restores a hidden
 * {@code Retry-After}. One interceptor rather than one per step: see {@link
 * dev.nala.spi.ModeChain#outermost}.
 */
final class CallBoundary implements Interceptor {
    private static final Interceptor PROCEED = chain -> chain.proceed(chain.request());

    private final ClosedFactoryGuard closedGuard;
    private final CallSpan callSpan;
    private final Interceptor modeOutermost;
    private final long callTimeoutNanos;

    /**
     * @param modeOutermost the mode's outermost interceptor, or null
     * @param callTimeout the longest {@code call-timeout} of any service
     */
    CallBoundary(ClosedFactoryGuard closedGuard, CallSpan callSpan, Interceptor modeOutermost, Duration callTimeout) {
        this.closedGuard = closedGuard;
        this.callSpan = callSpan;
        this.modeOutermost = modeOutermost != null ? modeOutermost : PROCEED;
        this.callTimeoutNanos = callTimeout.toNanos();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        closedGuard.check(request);
        // One tag lookup, nothing allocated for a request without options.
        CallOptions options = request.tag(CallOptions.TAG);
        CallDeadline.arm(chain, options == null ? callTimeoutNanos : options.timeoutNanosWithin(callTimeoutNanos));
        Context caller = CallerContext.toRestore(chain.call());
        if (caller == null) {
            return runMode(chain);
        }
        try (Scope scope = caller.makeCurrent()) {
            return runMode(chain);
        }
    }

    private Response runMode(Chain chain) throws IOException {
        return RetryAfterShield.restore(chain.call(), callSpan.around(chain, modeOutermost));
    }
}
