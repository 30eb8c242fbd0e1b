package dev.nala.mode.standalone.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.CircuitBreakerSettings;
import dev.nala.mode.standalone.fixtures.ManualClock;
import dev.nala.mode.standalone.fixtures.TestContexts;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.EventProcessor;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Transitions are found by looking at the state after each call, and reported once each. */
class ServiceBreakerTest {
    private final ManualClock clock = new ManualClock();
    private final List<String> reported = new CopyOnWriteArrayList<>();
    private final CircuitBreakerSettings settings =
            TestContexts.settings("").service(ServiceName.of("billing")).circuitBreaker();
    private final CircuitBreaker circuitBreaker = CircuitBreaker.of(
            "billing",
            CircuitBreakerConfig.custom()
                    .slidingWindow(4, 4, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .failureRateThreshold(50)
                    .waitDurationInOpenState(Duration.ofSeconds(30))
                    .build());
    private final ServiceBreaker breaker = new ServiceBreaker(
            ServiceName.of("billing"),
            settings,
            circuitBreaker,
            clock,
            (b, from, to) -> reported.add(b.service() + " " + from + "->" + to));

    private void failure() {
        assertThat(circuitBreaker.tryAcquirePermission()).isTrue();
        circuitBreaker.onError(1, TimeUnit.MILLISECONDS, new java.io.IOException("down"));
        breaker.observe();
    }

    @Test
    void theCallThatOpensTheBreakerReportsItOnceAndSetsTheNextProbe() {
        for (int i = 0; i < 3; i++) {
            failure();
        }
        assertThat(reported).isEmpty();
        failure();
        assertThat(reported).containsExactly("billing CLOSED->OPEN");
        assertThat(breaker.nextProbeAt()).isEqualTo(clock.instant().plus(settings.waitInOpen()));

        breaker.observe();
        breaker.observe();
        assertThat(reported).as("reported once").hasSize(1);
    }

    @Test
    void aTransitionMadeElsewhereIsReportedByTheNextLook() {
        circuitBreaker.transitionToForcedOpenState();
        assertThat(reported).isEmpty();
        assertThat(breaker.observe()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
        circuitBreaker.transitionToClosedState();
        breaker.observe();
        assertThat(reported).containsExactly("billing CLOSED->FORCED_OPEN", "billing FORCED_OPEN->CLOSED");
    }

    @Test
    void twoTransitionsBetweenTwoLooksAreReportedAsOne() {
        circuitBreaker.transitionToOpenState();
        circuitBreaker.transitionToHalfOpenState();
        breaker.observe();
        assertThat(reported).containsExactly("billing CLOSED->HALF_OPEN");
    }

    @Test
    void nextProbeAtLooksFirstSoAnOpenNobodyReportedYetStillHasItsTime() {
        circuitBreaker.transitionToOpenState();
        Instant expected = clock.instant().plus(settings.waitInOpen());
        assertThat(breaker.nextProbeAt()).isEqualTo(expected);
        assertThat(reported).containsExactly("billing CLOSED->OPEN");
    }

    @Test
    void nothingListensOnTheResilience4jBreakerSoItMakesNoEventPerCall() {
        // Resilience4j builds an event object for every call it records as soon as anything listens.
        try (ServiceBreakers breakers =
                ServiceBreakers.create(TestContexts.settings(""), OpenTelemetry.noop(), clock)) {
            CircuitBreaker created =
                    breakers.forService(ServiceName.of("billing")).circuitBreaker();
            assertThat(((EventProcessor<?>) created.getEventPublisher()).hasConsumers())
                    .isFalse();
        }
    }
}
