package dev.nala.mode.standalone;

import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Bounds one attempt by the service's {@code per-try-timeout}. OkHttp can only cancel a whole
 * call, so the bound is applied as the attempt's connect, write and read timeouts (the shorter of
 * these and the client's own): an attempt that takes longer at any one step fails with a
 * {@link java.net.SocketTimeoutException}, which the retry loop retries. A response that keeps
 * trickling in is not cut off; {@code call-timeout} bounds the whole call. The read timeout stays
 * on the response body the caller reads afterwards.
 */
final class PerTryTimeout implements AttemptStep {
    private final AttemptStep next;

    private PerTryTimeout(AttemptStep next) {
        this.next = next;
    }

    /** {@code next} itself when no service (and not the defaults) has a per-try timeout. */
    static AttemptStep around(AttemptStep next, NalaSettings settings) {
        boolean anySet = settings.defaults().perTryTimeout().isPresent()
                || settings.configuredServices().values().stream()
                        .map(ServiceSettings::perTryTimeout)
                        .anyMatch(timeout -> timeout.isPresent());
        return anySet ? new PerTryTimeout(next) : next;
    }

    @Override
    public Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        LogicalCall call = LogicalCall.of(chain.call());
        int millis = call == null ? 0 : call.perTryTimeoutMillis();
        if (millis == 0) {
            return next.proceed(chain, request);
        }
        Interceptor.Chain bounded = chain.withConnectTimeout(
                        shorter(chain.connectTimeoutMillis(), millis), TimeUnit.MILLISECONDS)
                .withWriteTimeout(shorter(chain.writeTimeoutMillis(), millis), TimeUnit.MILLISECONDS)
                .withReadTimeout(shorter(chain.readTimeoutMillis(), millis), TimeUnit.MILLISECONDS);
        return next.proceed(bounded, request);
    }

    /** OkHttp's 0 means "no timeout". */
    private static int shorter(int existingMillis, int perTryMillis) {
        return existingMillis == 0 ? perTryMillis : Math.min(existingMillis, perTryMillis);
    }
}
