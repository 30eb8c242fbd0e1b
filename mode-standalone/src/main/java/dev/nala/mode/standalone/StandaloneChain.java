package dev.nala.mode.standalone;

import dev.nala.mode.standalone.balancing.Balancing;
import dev.nala.mode.standalone.breaker.CircuitBreakerSharing;
import dev.nala.mode.standalone.limit.ConcurrencyLimiting;
import dev.nala.mode.standalone.tls.ClientTls;
import dev.nala.settings.CircuitBreakerSettings.SharedState;
import dev.nala.spi.ConnectionResend;
import dev.nala.spi.KnownMethods;
import dev.nala.spi.ModeChain;
import dev.nala.spi.ModeContext;
import dev.nala.spi.SharedCircuitState;
import dev.nala.spi.SharedCircuitStates;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Standalone mode's contribution to the factory's client, outermost first: retry (budgeted,
 * deadline-bound, putting the request id on the call), which sends each attempt through the
 * service's concurrency limit (where one is enabled), endpoint selection, circuit breaking (shared with other replicas where configured), the attempt's span
 * and trace context, and the per-try timeout as steps, all inside the factory's interceptor;
 * then, only where a service has TLS settings, the service's client TLS interceptor. The factory already runs the chain in the caller's context,
 * turns OkHttp's own connection retries off and hides {@code Retry-After: 0} from OkHttp's
 * follow-ups, so this loop is the only one that retries.
 */
final class StandaloneChain implements ModeChain {
    private final BudgetedRetry retry;
    private final ClientTls clientTls;
    private final Balancing balancing;
    private final SharedCircuitState sharedCircuitState;
    /** The attempts' first step: the concurrency limits if a service has one, else endpoint selection. */
    private final AttemptStep limits;

    StandaloneChain(ModeContext context) {
        this(context, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param jitter uniform in [0, 1): the backoff's randomness, fixed by some tests */
    StandaloneChain(ModeContext context, DoubleSupplier jitter) {
        // Key stores first: a bad one fails the factory before any thread or connection starts.
        this.clientTls = ClientTls.load(context.settings());
        RetryPolicies policies = new RetryPolicies(context.settings(), System::nanoTime, jitter);
        AttemptSpan attemptSpan = new AttemptSpan(
                context.openTelemetry(),
                KnownMethods.from(context.environment()),
                new PerTryTimeout(new ConnectionResend(
                        context.openTelemetry(),
                        context.settings().connectionPool().maxIdle())));
        this.sharedCircuitState = SharedCircuitStates.start(context);
        try {
            this.balancing = Balancing.start(context);
        } catch (RuntimeException e) {
            sharedCircuitState.close();
            throw e;
        }
        this.limits = ConcurrencyLimiting.inFrontOf(
                balancing.attemptRouting(attemptSpan), context.settings(), context.openTelemetry());
        this.retry = new BudgetedRetry(policies, new RetryTelemetry(context.openTelemetry()), limits);
        balancing.breakers().addCreationListener(breaker -> {
            if (breaker.settings().sharedState() == SharedState.REDIS) {
                CircuitBreakerSharing.attach(breaker.service(), breaker.circuitBreaker(), sharedCircuitState);
            }
        });
    }

    /** The retry loop, which the factory runs inside its own interceptor. */
    @Override
    public Interceptor outermost() {
        return retry;
    }

    @Override
    public void configure(OkHttpClient.Builder builder) {
        // The service's client TLS (only if some service has TLS settings), which sets the
        // socket factory the connection uses.
        if (clientTls.isConfigured()) {
            builder.addInterceptor(clientTls.interceptor());
        }
    }

    /** Stops the discovery watches, metric callbacks and the shared circuit state's connections. */
    @Override
    public void close() {
        try {
            balancing.close();
            if (limits instanceof ConcurrencyLimiting limiting) {
                limiting.close();
            }
        } finally {
            sharedCircuitState.close();
        }
    }
}
