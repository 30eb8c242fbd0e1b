package dev.nala.mode.standalone;

import dev.nala.DeploymentMode;
import dev.nala.spi.ConnectionResend;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Bounds one attempt by the service's {@code per-try-timeout}, as the attempt leaves the chain
 * ({@link AttemptSpan} sends it through here).
 *
 * <p>OkHttp can only cancel a whole call, not one attempt of it, so the bound is applied as the
 * attempt's connect, write and read timeouts (the shorter of these and the client's own): an
 * attempt fails with a {@link java.net.SocketTimeoutException}, which the retry loop retries,
 * when connecting, sending, or waiting for the response takes longer than
 * {@code per-try-timeout} at any one step. A response that keeps trickling in faster than that
 * is not cut off; {@code call-timeout} bounds the call as a whole. The read timeout stays on the
 * response body the caller reads afterwards.
 *
 * <p>The attempt then leaves through {@link ConnectionResend}, which sends it once more, within the
 * same attempt, if it met a pooled connection the endpoint had already closed.
 */
final class PerTryTimeout {
    private static final Attributes NO_SERVICE =
            Attributes.of(RetryTelemetry.DEPLOYMENT_MODE, DeploymentMode.STANDALONE.configValue());

    private final ConnectionResend resend;

    PerTryTimeout(ConnectionResend resend) {
        this.resend = resend;
    }

    /** Sends {@code request} on with the attempt's timeouts, if it has a per-try timeout. */
    Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        Attempt attempt = Attempt.of(chain.call());
        Attributes telemetry = attempt == null ? NO_SERVICE : attempt.telemetry();
        int millis = attempt == null ? 0 : attempt.perTryTimeoutMillis();
        if (millis == 0) {
            return resend.proceed(chain, request, telemetry);
        }
        Interceptor.Chain bounded = chain.withConnectTimeout(
                        shorter(chain.connectTimeoutMillis(), millis), TimeUnit.MILLISECONDS)
                .withWriteTimeout(shorter(chain.writeTimeoutMillis(), millis), TimeUnit.MILLISECONDS)
                .withReadTimeout(shorter(chain.readTimeoutMillis(), millis), TimeUnit.MILLISECONDS);
        return resend.proceed(bounded, request, telemetry);
    }

    /** OkHttp's 0 means "no timeout". */
    private static int shorter(int existingMillis, int perTryMillis) {
        return existingMillis == 0 ? perTryMillis : Math.min(existingMillis, perTryMillis);
    }
}
