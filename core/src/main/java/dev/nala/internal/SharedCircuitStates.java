package dev.nala.internal;

import dev.nala.DeploymentReport.Severity;
import dev.nala.NalaConfigurationException;
import dev.nala.internal.settings.CircuitBreakerSettings;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.spi.Diagnosis;
import dev.nala.spi.ModeContext;
import dev.nala.spi.SharedCircuitState;
import dev.nala.spi.SharedCircuitStateProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Starts the shared circuit state a factory needs: the module found on the classpath when any
 * service sets {@code circuit-breaker.shared-state = redis}, else a state that shares nothing.
 */
public final class SharedCircuitStates {
    public static final String REDIS_ARTIFACT = "dev.nala:nala-breaker-redis";

    private SharedCircuitStates() {}

    /**
     * @return the shared state to attach breakers to; it shares nothing when no service asks for it
     * @throws NalaConfigurationException when a service asks for {@code shared-state = redis} and
     *     {@value #REDIS_ARTIFACT} is missing from the classpath (or is there twice)
     */
    public static SharedCircuitState start(ModeContext context) {
        return start(context, SharedCircuitStates.class.getClassLoader());
    }

    static SharedCircuitState start(ModeContext context, ClassLoader classLoader) {
        List<String> wanting = servicesSharingThroughRedis(context.settings());
        if (wanting.isEmpty()) {
            return NOTHING_SHARED;
        }
        return findProvider(context, classLoader).start(context);
    }

    private static SharedCircuitStateProvider findProvider(ModeContext context, ClassLoader classLoader) {
        List<String> wanting = servicesSharingThroughRedis(context.settings());
        List<SharedCircuitStateProvider> found = new ArrayList<>();
        ServiceLoader.load(SharedCircuitStateProvider.class, classLoader).forEach(found::add);
        if (found.isEmpty()) {
            throw new NalaConfigurationException("circuit-breaker.shared-state = redis (set in " + wanting
                    + ") needs the Maven artifact " + REDIS_ARTIFACT + " on the classpath; add the dependency "
                    + REDIS_ARTIFACT + ":<nala version>, or set shared-state = none");
        }
        if (found.size() > 1) {
            List<String> names = new ArrayList<>();
            found.forEach(provider -> names.add(provider.getClass().getName()));
            throw new NalaConfigurationException("More than one shared circuit state module is on the classpath: "
                    + names + "; keep exactly one " + REDIS_ARTIFACT);
        }
        return found.get(0);
    }

    /**
     * Writes whether the shared store answers, when a service shares its breaker through it; a
     * missing module is an error, as it would fail {@link #start}.
     */
    public static void diagnose(ModeContext context, Diagnosis diagnosis) {
        if (servicesSharingThroughRedis(context.settings()).isEmpty()) {
            return;
        }
        SharedCircuitStateProvider provider;
        try {
            provider = findProvider(context, SharedCircuitStates.class.getClassLoader());
        } catch (NalaConfigurationException e) {
            diagnosis.finding("redis", Severity.ERROR, e.getMessage());
            return;
        }
        provider.diagnose(context, diagnosis);
    }

    private static List<String> servicesSharingThroughRedis(NalaSettings settings) {
        List<String> paths = new ArrayList<>();
        if (sharesThroughRedis(settings.defaults())) {
            paths.add(settings.defaults().configPath());
        }
        for (ServiceSettings service : settings.configuredServices().values()) {
            if (sharesThroughRedis(service)) {
                paths.add(service.configPath());
            }
        }
        return paths;
    }

    private static boolean sharesThroughRedis(ServiceSettings service) {
        CircuitBreakerSettings breaker = service.circuitBreaker();
        return breaker.enabled() && breaker.sharedState() == CircuitBreakerSettings.SharedState.REDIS;
    }

    private static final SharedCircuitState NOTHING_SHARED = new SharedCircuitState() {
        @Override
        public void publishOpened(ServiceName service, Duration openFor) {}

        @Override
        public void publishClosed(ServiceName service) {}

        @Override
        public void subscribe(ServiceName service, Listener listener) {}

        @Override
        public void close() {}

        @Override
        public String toString() {
            return "no shared circuit state";
        }
    };
}
