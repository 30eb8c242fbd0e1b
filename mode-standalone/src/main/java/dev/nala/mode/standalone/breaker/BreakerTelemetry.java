package dev.nala.mode.standalone.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.util.Collection;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs and metrics of the service breakers: an INFO line and one
 * {@code nala.client.circuit_breaker.transitions} count per transition, and the
 * {@code nala.client.circuit_breaker.state} gauge.
 */
final class BreakerTelemetry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceBreakers.class);
    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("nala.service");
    static final AttributeKey<String> STATE = AttributeKey.stringKey("nala.circuit_breaker.state");
    static final AttributeKey<String> MODE = AttributeKey.stringKey("nala.deployment_mode");
    private static final String[] STATES = {"closed", "open", "half_open"};

    private final LongCounter transitions;
    private final ObservableLongGauge state;

    BreakerTelemetry(OpenTelemetry openTelemetry, Supplier<Collection<ServiceBreaker>> breakers) {
        Meter meter = openTelemetry.getMeter("dev.nala");
        transitions = meter.counterBuilder("nala.client.circuit_breaker.transitions")
                .setUnit("{transition}")
                .setDescription("Transitions of a service's circuit breaker, by the state it went to")
                .build();
        state = meter.gaugeBuilder("nala.client.circuit_breaker.state")
                .ofLongs()
                .setUnit("1")
                .setDescription("1 for the current state of a service's circuit breaker, 0 for the others")
                .buildWithCallback(measurement -> {
                    for (ServiceBreaker breaker : breakers.get()) {
                        String current = stateName(breaker.circuitBreaker().getState());
                        for (String candidate : STATES) {
                            measurement.record(
                                    candidate.equals(current) ? 1 : 0,
                                    attributes(breaker.service().value(), candidate));
                        }
                    }
                });
    }

    void transitioned(ServiceBreaker breaker, CircuitBreaker.State from, CircuitBreaker.State to) {
        transitions.add(1, attributes(breaker.service().value(), stateName(to)));
        CircuitBreaker.Metrics metrics = breaker.circuitBreaker().getMetrics();
        if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
            log.info(
                    "Circuit breaker of service {}: {} -> {} (failure rate {}% of the last {} calls); "
                            + "calls fail fast until the next probe at {}",
                    breaker.service(),
                    from,
                    to,
                    metrics.getFailureRate(),
                    metrics.getNumberOfBufferedCalls(),
                    breaker.nextProbeAt());
        } else {
            log.info("Circuit breaker of service {}: {} -> {}", breaker.service(), from, to);
        }
    }

    static String stateName(CircuitBreaker.State state) {
        switch (state) {
            case OPEN:
            case FORCED_OPEN:
                return "open";
            case HALF_OPEN:
                return "half_open";
            default:
                return "closed";
        }
    }

    private static Attributes attributes(String service, String state) {
        return Attributes.of(SERVICE, service, STATE, state, MODE, "standalone");
    }

    @Override
    public void close() {
        state.close();
    }
}
