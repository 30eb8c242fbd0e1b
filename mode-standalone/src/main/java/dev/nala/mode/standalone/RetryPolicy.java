package dev.nala.mode.standalone;

import dev.nala.CallOptions;
import dev.nala.internal.Idempotency;
import dev.nala.internal.settings.RetrySettings;
import dev.nala.internal.settings.ServiceSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import okhttp3.Request;
import okhttp3.Response;

/**
 * How one service's calls are retried: what is worth another attempt, the wait, the attempts, the
 * deadline and the budget. {@link BudgetedRetry} runs the loop itself, not Resilience4j's {@code
 * Retry}, which sleeps blindly, ignores the deadline, budget and cancels, and leaks discarded
 * responses.
 */
final class RetryPolicy {
    private final String service;
    private final int maxAttempts;
    private final StatusTable<String> reasonByStatus;
    private final FullJitterBackoff backoff;
    private final boolean nonIdempotent;
    private final Duration callTimeout;
    private final int perTryTimeoutMillis;
    private final RetryBudget budget;
    private final RetryTelemetry.ServiceAttributes attributes;

    private RetryPolicy(
            String service,
            int maxAttempts,
            StatusTable<String> reasonByStatus,
            FullJitterBackoff backoff,
            boolean nonIdempotent,
            Duration callTimeout,
            int perTryTimeoutMillis,
            RetryBudget budget,
            RetryTelemetry.ServiceAttributes attributes) {
        this.service = service;
        this.maxAttempts = maxAttempts;
        this.reasonByStatus = reasonByStatus;
        this.backoff = backoff;
        this.nonIdempotent = nonIdempotent;
        this.callTimeout = callTimeout;
        this.perTryTimeoutMillis = perTryTimeoutMillis;
        this.budget = budget;
        this.attributes = attributes;
    }

    /**
     * @param service the logical service name, or {@code host:port} for other hosts; used in
     *     messages, logs and the {@code nala.service} attribute
     */
    static RetryPolicy of(String service, ServiceSettings settings, LongSupplier nanoClock, DoubleSupplier random) {
        RetrySettings retry = settings.retry();
        StatusTable<String> reasonByStatus = StatusTable.of(retry.onStatus(), code -> "status_" + code);
        FullJitterBackoff backoff =
                new FullJitterBackoff(retry.initialBackoff(), retry.backoffMultiplier(), retry.maxBackoff(), random);
        int perTryMillis = settings.perTryTimeout()
                .map(d -> (int) Math.min(Integer.MAX_VALUE, d.toMillis()))
                .orElse(0);
        return new RetryPolicy(
                service,
                retry.maxAttempts(),
                reasonByStatus,
                backoff,
                retry.nonIdempotent(),
                settings.callTimeout(),
                perTryMillis,
                new RetryBudget(retry.budget(), nanoClock),
                RetryTelemetry.ServiceAttributes.of(service, retry.onStatus()));
    }

    /** RFC 9110 gives Retry-After a meaning on 503, and RFC 6585 on 429. */
    private static boolean honoursRetryAfter(int code) {
        return code == 429 || code == 503;
    }

    String service() {
        return service;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    Duration callTimeout() {
        return callTimeout;
    }

    int perTryTimeoutMillis() {
        return perTryTimeoutMillis;
    }

    RetryBudget budget() {
        return budget;
    }

    RetryTelemetry.ServiceAttributes attributes() {
        return attributes;
    }

    /** Whether the request may be sent again at all; see "Only what is safe to send twice" in docs/standalone.md. */
    boolean mayReplay(Request request) {
        return !CallOptions.from(request).noRetries()
                && Idempotency.canWriteBodyAgain(request)
                && (nonIdempotent || Idempotency.isSafeToRepeat(request));
    }

    boolean retriesOn(Response response) {
        return reasonByStatus.get(response.code()) != null;
    }

    boolean retriesOn(IOException failure) {
        return FailureReason.of(failure) != null;
    }

    /** The {@code nala.retry_reason} of a retryable status. */
    String reasonFor(Response response) {
        return reasonByStatus.get(response.code());
    }

    /** The response's {@code Retry-After} for 429 and 503, else the full-jitter backoff. */
    long delayMillis(int attemptsMade, Response response, IOException failure) {
        if (response != null && honoursRetryAfter(response.code())) {
            long advised = RetryAfter.millis(response, System.currentTimeMillis());
            if (advised != RetryAfter.NONE) {
                return advised;
            }
        }
        return backoff.apply(attemptsMade);
    }
}
