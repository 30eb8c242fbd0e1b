package dev.nala.mode.standalone;

import dev.nala.internal.ConnectionResend;
import dev.nala.internal.KnownMethods;
import dev.nala.internal.SharedCircuitStates;
import dev.nala.internal.settings.CircuitBreakerSettings.SharedState;
import dev.nala.mode.standalone.balancing.ServiceEndpoints;
import dev.nala.mode.standalone.breaker.CircuitBreakerSharing;
import dev.nala.mode.standalone.breaker.ServiceBreakers;
import dev.nala.mode.standalone.limit.ConcurrencyLimiting;
import dev.nala.mode.standalone.tls.ClientTls;
import dev.nala.spi.ModeChain;
import dev.nala.spi.ModeContext;
import dev.nala.spi.SharedCircuitState;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Standalone mode's chain: {@link #compose} is its whole order. The factory runs it in the caller's
 * context inside its own interceptor, with OkHttp's connection retries off, so the retry loop
 * here is the only one that retries.
 */
final class StandaloneChain implements ModeChain {
    private final ClientTls clientTls;
    private final SharedCircuitState sharedCircuitState;
    private final ServiceEndpoints endpoints;
    private final ServiceBreakers breakers;
    private final Interceptor retry;
    /** The concurrency limits' step, to close; null when no service has a limit. */
    private ConcurrencyLimiting limits;

    StandaloneChain(ModeContext context) {
        this(context, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param jitter uniform in [0, 1): the backoff's randomness, fixed by some tests */
    StandaloneChain(ModeContext context, DoubleSupplier jitter) {
        // Key stores first: a bad one fails the factory before any thread or connection starts.
        this.clientTls = ClientTls.load(context.settings());
        this.sharedCircuitState = SharedCircuitStates.start(context);
        try {
            this.endpoints = ServiceEndpoints.start(context);
        } catch (RuntimeException e) {
            sharedCircuitState.close();
            throw e;
        }
        this.breakers = ServiceBreakers.create(context.settings(), context.openTelemetry(), Clock.systemUTC());
        breakers.addCreationListener(breaker -> {
            if (breaker.settings().sharedState() == SharedState.REDIS) {
                CircuitBreakerSharing.attach(breaker, sharedCircuitState);
            }
        });
        this.retry = new BudgetedRetry(
                new RetryPolicies(context.settings(), System::nanoTime, jitter),
                new RetryTelemetry(context.openTelemetry()),
                compose(context));
    }

    /**
     * Written from the network outward, each step wrapping the one above it; a step whose feature no
     * service uses returns what it wraps. The order is drawn in "The chain" in docs/standalone.md.
     */
    private AttemptStep compose(ModeContext context) {
        AttemptStep attempt = new StaleConnectionResend(new ConnectionResend(
                context.openTelemetry(), context.settings().connectionPool().maxIdle()));
        attempt = clientTls.around(attempt);
        attempt = PerTryTimeout.around(attempt, context.settings());
        attempt = AttemptSpan.around(attempt, context.openTelemetry(), KnownMethods.from(context.environment()));
        attempt = BreakerGuard.around(attempt, breakers, context.settings());
        attempt = AttemptRequest.around(attempt);
        attempt = endpoints.selection(attempt);
        attempt = endpoints.routing(attempt);
        attempt = ConcurrencyLimiting.inFrontOf(attempt, context.settings(), context.openTelemetry());
        limits = attempt instanceof ConcurrencyLimiting limiting ? limiting : null;
        return attempt;
    }

    @Override
    public Interceptor outermost() {
        return retry;
    }

    /** Nothing to add to the client: the whole chain runs in the factory's interceptor. */
    @Override
    public void configure(OkHttpClient.Builder builder) {}

    /** Stops the discovery watches, metric callbacks and the shared circuit state's connections. */
    @Override
    public void close() {
        try {
            endpoints.close();
            breakers.close();
            if (limits != null) {
                limits.close();
            }
        } finally {
            sharedCircuitState.close();
        }
    }
}
