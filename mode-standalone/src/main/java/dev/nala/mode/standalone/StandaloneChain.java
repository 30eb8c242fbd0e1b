package dev.nala.mode.standalone;

import dev.nala.mode.standalone.balancing.Balancing;
import dev.nala.spi.ModeChain;
import dev.nala.spi.ModeContext;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import okhttp3.OkHttpClient;

/**
 * Standalone mode's contribution to the factory's client, outermost first: request id, retry
 * (budgeted, deadline-bound), then per attempt: endpoint selection and circuit breaking, the
 * attempt's span and trace context, the per-try timeout, and the shield that keeps OkHttp from
 * repeating a 503 by itself. The factory already runs the chain in the caller's context and
 * turns OkHttp's own connection retries off, so this loop is the only one that retries.
 */
final class StandaloneChain implements ModeChain {
    private final RequestIdPropagation requestId = new RequestIdPropagation();
    private final BudgetedRetry retry;
    private final AttemptSpan attemptSpan;
    private final PerTryTimeout perTryTimeout = new PerTryTimeout();
    private final Balancing balancing;

    StandaloneChain(ModeContext context) {
        this(context, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param jitter uniform in [0, 1): the backoff's randomness, fixed by some tests */
    StandaloneChain(ModeContext context, DoubleSupplier jitter) {
        RetryPolicies policies = new RetryPolicies(context.settings(), System::nanoTime, jitter);
        this.retry = new BudgetedRetry(policies, new RetryTelemetry(context.openTelemetry()));
        this.attemptSpan = new AttemptSpan(context.openTelemetry());
        this.balancing = Balancing.start(context);
    }

    @Override
    public void configure(OkHttpClient.Builder builder) {
        builder.addInterceptor(requestId)
                .addInterceptor(retry)
                // Endpoint selection (discovery, load balancer, outlier ejection), then the
                // service's circuit breaker.
                .addInterceptor(balancing.endpointSelection())
                .addInterceptor(balancing.circuitBreaking())
                .addInterceptor(attemptSpan)
                .addInterceptor(perTryTimeout)
                .addInterceptor(new RetryAfterZeroShield.Restore())
                .addNetworkInterceptor(new RetryAfterZeroShield.Hide());
    }

    /** Stops the discovery watches and metric callbacks. */
    @Override
    public void close() {
        balancing.close();
    }
}
