package dev.nala.mode.standalone;

import dev.nala.CircuitOpenException;
import dev.nala.ConcurrencyLimitException;
import dev.nala.internal.CallDeadline;
import dev.nala.internal.DispatcherSlots;
import dev.nala.internal.RetryAfterShield;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a failed attempt of a call while the service's {@link RetryPolicy} allows it, within the
 * call's deadline and {@link RetryBudget}; see "Retries" in docs/standalone.md. A {@link
 * CircuitOpenException} or {@link ConcurrencyLimitException} means nothing was sent, so it stops
 * the loop without counting as an attempt.
 */
final class BudgetedRetry implements Interceptor {
    private static final Logger log = LoggerFactory.getLogger(BudgetedRetry.class);
    /** How often a backoff looks whether the call was canceled meanwhile. */
    private static final long CANCEL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final long BUDGET_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RetryPolicies policies;
    private final RetryTelemetry telemetry;
    private final AttemptStep attempts;

    /** @param attempts what each attempt goes through (see {@link StandaloneChain}) */
    BudgetedRetry(RetryPolicies policies, RetryTelemetry telemetry, AttemptStep attempts) {
        this.policies = policies;
        this.telemetry = telemetry;
        this.attempts = attempts;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request original = chain.request();
        RetryPolicy policy = policies.forUrl(original.url());
        long deadline = CallDeadline.arm(chain, policy.callTimeout());
        policy.budget().recordCall();
        boolean mayReplay = policy.mayReplay(original);
        LogicalCall call = LogicalCall.attachTo(
                chain.call(), policy.perTryTimeoutMillis(), policy.attributes().service());
        TriedEndpoints tried = call.tried();
        Span callSpan = Span.current();
        List<IOException> earlier = null;
        int sent = 0;
        while (true) {
            call.resendCount(sent);
            Response response = null;
            IOException failure = null;
            try {
                response = RetryAfterShield.restore(chain.call(), attempts.proceed(chain, original));
            } catch (CircuitOpenException | ConcurrencyLimitException e) {
                GiveUpReason reason =
                        e instanceof CircuitOpenException ? GiveUpReason.CIRCUIT_OPEN : GiveUpReason.CONCURRENCY_LIMIT;
                end(policy, call, callSpan, sent, reason);
                throw LastFailure.of(policy.service(), Math.max(sent, 1), reason, e, earlier, tried, original.url());
            } catch (IOException e) {
                failure = e;
            }
            sent++;
            boolean canceled = failure != null && chain.call().isCanceled();
            boolean retryable = response != null ? policy.retriesOn(response) : !canceled && policy.retriesOn(failure);
            if (log.isDebugEnabled()) {
                logAttempt(original, policy, sent, tried, response, failure);
            }
            if (!retryable) {
                if (response != null) {
                    telemetry.callEnded(policy, sent, call.subset());
                    return response;
                }
                GiveUpReason reason =
                        CallDeadline.remainingNanos(deadline) <= 0 ? GiveUpReason.DEADLINE : GiveUpReason.NOT_RETRYABLE;
                end(policy, call, callSpan, sent, reason);
                throw LastFailure.of(policy.service(), sent, reason, failure, earlier, tried, original.url());
            }

            GiveUpReason stop = null;
            long delayMillis = 0;
            if (!mayReplay) {
                stop = GiveUpReason.NOT_RETRYABLE;
            } else if (sent >= policy.maxAttempts()) {
                stop = GiveUpReason.ATTEMPTS_EXHAUSTED;
            } else {
                delayMillis = policy.delayMillis(sent, response, failure);
                if (TimeUnit.MILLISECONDS.toNanos(delayMillis) >= CallDeadline.remainingNanos(deadline)) {
                    stop = GiveUpReason.DEADLINE;
                } else if (!policy.budget().tryRetry()) {
                    stop = GiveUpReason.BUDGET_EXHAUSTED;
                    budgetRefused(policy);
                }
            }
            if (stop != null) {
                end(policy, call, callSpan, sent, stop);
                if (response != null) {
                    return response;
                }
                throw LastFailure.of(policy.service(), sent, stop, failure, earlier, tried, original.url());
            }

            String reason;
            Attributes retryAttributes;
            if (response != null) {
                reason = policy.reasonFor(response);
                retryAttributes = policy.attributes().retryOnStatus(response.code());
                response.close();
            } else {
                reason = FailureReason.of(failure);
                retryAttributes = policy.attributes().retryOnFailure(reason);
                if (earlier == null) {
                    earlier = new ArrayList<>(policy.maxAttempts());
                }
                earlier.add(failure);
            }
            telemetry.retrying(retryAttributes, call.subset(), callSpan, sent, delayMillis, reason);
            pause(delayMillis, chain.call(), failure);
        }
    }

    private void end(RetryPolicy policy, LogicalCall call, Span callSpan, int sent, GiveUpReason reason) {
        telemetry.gaveUp(callSpan, reason);
        telemetry.callEnded(policy, sent, call.subset());
    }

    private void budgetRefused(RetryPolicy policy) {
        telemetry.budgetRefused(policy);
        long toReport = policy.budget().recordRefusal(BUDGET_LOG_INTERVAL_NANOS);
        if (toReport > 0) {
            log.warn(
                    "Retry budget of '{}' is spent: {} retr{} refused since the last report; those calls ended with "
                            + "their last response or error (retry.budget allows {} of calls plus {} per second)",
                    policy.service(),
                    toReport,
                    toReport == 1 ? "y" : "ies",
                    policy.budget().ratio(),
                    policy.budget().minPerSecond());
        }
    }

    /** Ends early if the call is canceled; an {@code enqueue()}d call lends its dispatcher place meanwhile. */
    private static void pause(long millis, Call call, IOException lastFailure) throws IOException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try (DispatcherSlots.Lent lent = DispatcherSlots.lend()) {
            for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
                if (call.isCanceled()) {
                    break;
                }
                LockSupport.parkNanos(Math.min(left, CANCEL_CHECK_NANOS));
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    InterruptedIOException interrupted =
                            new InterruptedIOException("Interrupted during the retry backoff");
                    interrupted.initCause(lastFailure);
                    throw interrupted;
                }
            }
        }
        if (call.isCanceled()) {
            throw new IOException("Canceled", lastFailure);
        }
    }

    private static void logAttempt(
            Request request,
            RetryPolicy policy,
            int sent,
            TriedEndpoints tried,
            Response response,
            IOException failure) {
        Object endpoint = tried.last() != null
                ? tried.last()
                : request.url().host() + ":" + request.url().port();
        Object outcome = response != null ? "status " + response.code() : failure.toString();
        log.debug(
                "{} '{}' attempt {} of {} to {}: {}",
                request.method(),
                policy.service(),
                sent,
                policy.maxAttempts(),
                endpoint,
                outcome);
    }
}
