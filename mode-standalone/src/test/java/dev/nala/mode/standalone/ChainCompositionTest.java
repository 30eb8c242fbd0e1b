package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.internal.settings.NalaSettings;
import dev.nala.mode.standalone.balancing.ServiceEndpoints;
import dev.nala.mode.standalone.breaker.ServiceBreakers;
import dev.nala.mode.standalone.fixtures.TestContexts;
import dev.nala.mode.standalone.tls.ClientTls;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A step whose feature no service uses is left out of the chain: it returns what it wraps. */
class ChainCompositionTest {
    private static final AttemptStep NEXT = AttemptStep.PROCEED;

    private static NalaSettings settings(String hocon) {
        return TestContexts.context(hocon, OpenTelemetry.noop()).settings();
    }

    @Test
    void thePerTryTimeoutStepIsThereOnlyWhenSomeServiceHasOne() {
        assertThat(PerTryTimeout.around(NEXT, settings(""))).isSameAs(NEXT);
        assertThat(PerTryTimeout.around(NEXT, settings("nala.services.orders.per-try-timeout = 300ms")))
                .isInstanceOf(PerTryTimeout.class);
        assertThat(PerTryTimeout.around(NEXT, settings("nala.defaults.per-try-timeout = 300ms")))
                .isInstanceOf(PerTryTimeout.class);
    }

    @Test
    void theClientTlsStepIsLeftOutWhenNoServiceHasTlsSettings() {
        assertThat(ClientTls.load(settings("")).around(NEXT)).isSameAs(NEXT);
    }

    @Test
    void theSubsetRoutingStepIsLeftOutWhenNoServiceDefinesSubsets() {
        try (ServiceEndpoints none = ServiceEndpoints.start(TestContexts.context(
                        "nala.services.orders { discovery = static, endpoints = [\"127.0.0.1:1\"] }",
                        OpenTelemetry.noop()));
                ServiceEndpoints some = ServiceEndpoints.start(TestContexts.context(
                        "nala.services.orders { discovery = static, endpoints = [\"127.0.0.1:1\"],"
                                + " subsets { v1 { endpoints = [\"127.0.0.1:1\"] } } }",
                        OpenTelemetry.noop()))) {
            assertThat(none.routing(NEXT)).isSameAs(NEXT);
            assertThat(some.routing(NEXT)).isNotSameAs(NEXT);
        }
    }

    @Test
    void theBreakerStepIsThereUnlessEveryBreakerIsOff() {
        NalaSettings on = settings("");
        NalaSettings off = settings("nala.defaults.circuit-breaker.enabled = false");
        NalaSettings oneOn = settings(
                "nala.defaults.circuit-breaker.enabled = false\nnala.services.orders.circuit-breaker.enabled = true");
        try (ServiceBreakers breakers = ServiceBreakers.create(on, OpenTelemetry.noop(), Clock.systemUTC())) {
            assertThat(BreakerGuard.around(NEXT, breakers, on)).isInstanceOf(BreakerGuard.class);
            assertThat(BreakerGuard.around(NEXT, breakers, off)).isSameAs(NEXT);
            assertThat(BreakerGuard.around(NEXT, breakers, oneOn)).isInstanceOf(BreakerGuard.class);
        }
    }
}
