package dev.nala.mode.standalone.breaker;

import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.CircuitBreakerSettings;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.mode.standalone.AttemptStep;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The per-service circuit breakers of one factory, created on a service's first call. To attach to
 * every breaker (to share its state, say), register a {@link #addCreationListener creation
 * listener}. See "Service circuit breaker" in docs/standalone.md.
 */
public final class ServiceBreakers implements AutoCloseable {
    // Not CircuitBreakerRegistry: calls and listeners need each one's ServiceBreaker.
    /** Slow calls are not failures in Nala's definition; a timeout is. */
    private static final Duration NEVER_SLOW = Duration.ofDays(365);

    private final NalaSettings settings;
    private final Clock clock;
    private final ConcurrentHashMap<ServiceName, ServiceBreaker> breakers = new ConcurrentHashMap<>();
    private final List<Consumer<ServiceBreaker>> creationListeners = new CopyOnWriteArrayList<>();
    private final BreakerTelemetry telemetry;
    private final CircuitBreaking circuitBreaking = new CircuitBreaking(this);
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServiceBreakers(NalaSettings settings, OpenTelemetry openTelemetry, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.telemetry = new BreakerTelemetry(openTelemetry, breakers::values);
    }

    /**
     * @param settings where each service's {@code circuit-breaker} block is read
     * @param openTelemetry where the breaker metrics go
     * @param clock decides when an open breaker lets probes through ({@link Clock#systemUTC()}
     *     outside tests)
     */
    public static ServiceBreakers create(NalaSettings settings, OpenTelemetry openTelemetry, Clock clock) {
        return new ServiceBreakers(settings, openTelemetry, clock);
    }

    /**
     * Fails fast with {@link dev.nala.CircuitOpenException} while the breaker is open; records the
     * outcome per {@link FailurePolicy}. Services with the breaker off go straight on.
     */
    public Response guard(Interceptor.Chain chain, Request request, ServiceName service, AttemptStep next)
            throws IOException {
        return circuitBreaking.guard(chain, request, service, next);
    }

    /**
     * Calls {@code listener} for every breaker already created, then for each new one, on the
     * creating thread before its first call. Listeners must be quick.
     */
    public void addCreationListener(Consumer<ServiceBreaker> listener) {
        synchronized (breakers) {
            creationListeners.add(listener);
            breakers.values().forEach(listener);
        }
    }

    /** @return the service's breaker if it has been created (on the service's first call) */
    public Optional<ServiceBreaker> find(ServiceName service) {
        return Optional.ofNullable(breakers.get(service));
    }

    /** @return every breaker created so far */
    public Collection<ServiceBreaker> all() {
        return List.copyOf(breakers.values());
    }

    /** The service's breaker, created on first use; null when its breaker is disabled. */
    ServiceBreaker forService(ServiceName service) {
        ServiceBreaker existing = breakers.get(service);
        if (existing != null) {
            return existing;
        }
        CircuitBreakerSettings breakerSettings = settings.service(service).circuitBreaker();
        if (!breakerSettings.enabled()) {
            return null;
        }
        synchronized (breakers) {
            existing = breakers.get(service);
            if (existing != null) {
                return existing;
            }
            ServiceBreaker created = create(service, breakerSettings);
            for (Consumer<ServiceBreaker> listener : new ArrayList<>(creationListeners)) {
                listener.accept(created);
            }
            breakers.put(service, created);
            return created;
        }
    }

    private ServiceBreaker create(ServiceName service, CircuitBreakerSettings breakerSettings) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(breakerSettings.failureRateThreshold())
                .slidingWindow(
                        breakerSettings.slidingWindowSize(),
                        breakerSettings.minimumCalls(),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .waitDurationInOpenState(breakerSettings.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(breakerSettings.halfOpenCalls())
                .slowCallDurationThreshold(NEVER_SLOW)
                .slowCallRateThreshold(100)
                .recordResult(result ->
                        result instanceof Response && FailurePolicy.isFailureStatus(((Response) result).code()))
                .clock(clock)
                .build();
        CircuitBreaker circuitBreaker = CircuitBreaker.of(service.value(), config);
        // No Resilience4j listener: with one, it creates an event per recorded call (~5 % CPU).
        return new ServiceBreaker(service, breakerSettings, circuitBreaker, clock, telemetry::transitioned);
    }

    /** Stops the state gauge. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            telemetry.close();
        }
    }
}
