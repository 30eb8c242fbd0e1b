package dev.nala.mode.standalone.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.ServiceDiscoveryException;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.mode.standalone.TriedEndpoints;
import dev.nala.mode.standalone.fixtures.ManualClock;
import dev.nala.mode.standalone.fixtures.TestContexts;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Selection and ejection on one service's pool, without HTTP: large pools and exact counts. */
class EndpointPoolTest {
    private final ManualClock clock = new ManualClock();
    private final ListedEndpoints discovery = new ListedEndpoints();
    private final BalancingTelemetry telemetry = new BalancingTelemetry(OpenTelemetry.noop());

    private EndpointPool pool(int size, String hocon) throws ServiceDiscoveryException {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            endpoints.add(Endpoint.of("10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256), 8080));
        }
        discovery.set("orders", endpoints);
        ServiceSettings settings = TestContexts.settings(hocon).service(ServiceName.of("orders"));
        EndpointPool pool = new EndpointPool(
                ServiceName.of("orders"),
                discovery,
                "listed",
                settings.outlierDetection(),
                EndpointPicker.of(settings.loadBalancer()),
                clock,
                telemetry);
        pool.refresh();
        return pool;
    }

    private void succeed(EndpointPool pool, EndpointState state, int times) {
        for (int i = 0; i < times; i++) {
            pool.record(state, state.epoch, AttemptOutcome.SUCCESS);
        }
    }

    /** Gives every endpoint but {@code sick} enough successful requests for ejection to compare with (Outliers). */
    private void healthyPeers(EndpointPool pool, EndpointState sick) {
        for (EndpointState state : pool.snapshot()) {
            if (state != sick) {
                succeed(pool, state, Outliers.PEER_REQUESTS);
            }
        }
    }

    private void fail(EndpointPool pool, EndpointState state, int times) {
        for (int i = 0; i < times; i++) {
            pool.record(state, state.epoch, AttemptOutcome.FAILURE);
        }
    }

    @Test
    void tenThousandEndpointsRoundRobinVisitsEachOnce() throws Exception {
        EndpointPool pool = pool(10_000, "nala.defaults.load-balancer = round-robin");
        Set<Endpoint> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(pool.choose(null).endpoint);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void tenThousandEndpointsLeastOutstandingSpreadsAndSkipsEjected() throws Exception {
        EndpointPool pool = pool(10_000, "");
        EndpointState[] states = pool.snapshot();
        succeed(pool, states[3], Outliers.PEER_REQUESTS);
        for (int i = 0; i < 5_000; i++) {
            fail(pool, states[i * 2], 5);
        }
        assertThat(pool.healthyCount()).as("50% ejected, the default cap").isEqualTo(5_000);
        fail(pool, states[1], 5);
        assertThat(states[1].health).as("beyond max-ejection-percent").isEqualTo(EndpointState.Health.ACTIVE);

        Map<Endpoint, Integer> counts = new HashMap<>();
        int ejectedChosen = 0;
        for (int i = 0; i < 20_000; i++) {
            EndpointState chosen = pool.choose(null);
            if (chosen.health != EndpointState.Health.ACTIVE) {
                ejectedChosen++;
            }
            counts.merge(chosen.endpoint, 1, Integer::sum);
        }
        assertThat(ejectedChosen).isZero();
        assertThat(counts.size()).as("spread over the 5,000 in rotation").isGreaterThan(4_000);
    }

    @Test
    void leastOutstandingPrefersTheLessLoadedEndpoint() throws Exception {
        EndpointPool pool = pool(2, "");
        EndpointState busy = pool.snapshot()[0];
        busy.outstanding.addAndGet(3);
        for (int i = 0; i < 200; i++) {
            assertThat(pool.choose(null)).isSameAs(pool.snapshot()[1]);
        }
    }

    @Test
    void aRetryAvoidsTriedEndpointsWhileOthersAreInRotation() throws Exception {
        for (String algorithm : List.of("peak-ewma", "least-outstanding", "round-robin")) {
            EndpointPool pool = pool(3, "nala.defaults.load-balancer = " + algorithm);
            for (int call = 0; call < 100; call++) {
                TriedEndpoints tried = new TriedEndpoints();
                for (int attempt = 0; attempt < 3; attempt++) {
                    EndpointState chosen = pool.choose(tried);
                    assertThat(tried.contains(chosen.endpoint)).as(algorithm).isFalse();
                    tried.add(chosen.endpoint);
                }
                assertThat(tried.size()).isEqualTo(3);
                EndpointState fourth = pool.choose(tried);
                assertThat(tried.contains(fourth.endpoint))
                        .as("every endpoint tried: reuse one")
                        .isTrue();
            }
        }
    }

    @Test
    void ejectionGrowsWithEachEjectionAndDecaysWhileHealthy() throws Exception {
        EndpointPool pool = pool(4, "nala.defaults.outlier-detection { ejection-time = 10s, max-ejection-time = 25s }");
        EndpointState sick = pool.snapshot()[0];
        healthyPeers(pool, sick);
        fail(pool, sick, 4);
        assertThat(sick.health).isEqualTo(EndpointState.Health.ACTIVE);
        fail(pool, sick, 1);
        assertThat(sick.health).isEqualTo(EndpointState.Health.EJECTED);
        assertThat(sick.ejectedUntilMillis - clock.millis()).isEqualTo(10_000);

        clock.advance(Duration.ofSeconds(10));
        assertThat(pool.choose(null)).as("the next attempt is the probe").isSameAs(sick);
        assertThat(sick.health).isEqualTo(EndpointState.Health.PROBING);
        pool.record(sick, sick.epoch, AttemptOutcome.FAILURE);
        assertThat(sick.ejectedUntilMillis - clock.millis())
                .as("second ejection: 2 x 10s")
                .isEqualTo(20_000);

        clock.advance(Duration.ofSeconds(20));
        assertThat(pool.choose(null)).isSameAs(sick);
        pool.record(sick, sick.epoch, AttemptOutcome.FAILURE);
        assertThat(sick.ejectedUntilMillis - clock.millis())
                .as("capped at max-ejection-time")
                .isEqualTo(25_000);

        clock.advance(Duration.ofSeconds(25));
        assertThat(pool.choose(null)).isSameAs(sick);
        pool.record(sick, sick.epoch, AttemptOutcome.SUCCESS);
        assertThat(sick.health).isEqualTo(EndpointState.Health.ACTIVE);

        clock.advance(Duration.ofSeconds(20));
        fail(pool, sick, 5);
        assertThat(sick.ejectedUntilMillis - clock.millis())
                .as("3 ejections, 2 forgiven after 20s healthy: this is the 2nd")
                .isEqualTo(20_000);
    }

    @Test
    void outcomesOfAttemptsSentBeforeAnEjectionDoNotDecideTheProbe() throws Exception {
        EndpointPool pool = pool(4, "");
        EndpointState sick = pool.snapshot()[0];
        healthyPeers(pool, sick);
        int before = sick.epoch;
        fail(pool, sick, 5);
        clock.advance(Duration.ofSeconds(31));
        assertThat(pool.choose(null)).isSameAs(sick);
        pool.record(sick, before, AttemptOutcome.SUCCESS);
        assertThat(sick.health).as("a stale success").isEqualTo(EndpointState.Health.PROBING);
        pool.record(sick, sick.epoch, AttemptOutcome.NONE);
        assertThat(sick.health).as("a probe that said nothing").isEqualTo(EndpointState.Health.EJECTED);
        assertThat(pool.choose(null)).as("is probed again at once").isSameAs(sick);
        pool.record(sick, sick.epoch, AttemptOutcome.SUCCESS);
        assertThat(sick.health).isEqualTo(EndpointState.Health.ACTIVE);
        assertThat(pool.healthyCount()).isEqualTo(4);
    }

    @Test
    void atLeastOneEndpointMayBeEjectedAndZeroPercentTurnsEjectionOff() throws Exception {
        EndpointPool three = pool(3, "nala.defaults.outlier-detection.max-ejection-percent = 10");
        succeed(three, three.snapshot()[2], Outliers.PEER_REQUESTS);
        fail(three, three.snapshot()[0], 5);
        fail(three, three.snapshot()[1], 5);
        assertThat(three.healthyCount())
                .as("10% of 3 is 0, but one always may be")
                .isEqualTo(2);

        EndpointPool off = pool(2, "nala.defaults.outlier-detection.max-ejection-percent = 0");
        healthyPeers(off, off.snapshot()[0]);
        fail(off, off.snapshot()[0], 50);
        assertThat(off.healthyCount()).isEqualTo(2);
    }

    @Test
    void endpointsThatFailAlikeAreNotEjected() throws Exception {
        EndpointPool two = pool(2, "");
        for (EndpointState state : two.snapshot()) {
            succeed(two, state, Outliers.PEER_REQUESTS); // past start-up, where a run alone ejects
        }
        for (int round = 0; round < 100; round++) {
            for (EndpointState state : two.snapshot()) {
                fail(two, state, 1);
            }
        }
        assertThat(two.healthyCount())
                .as("a service-wide failure is the breaker's, not ejection's")
                .isEqualTo(2);

        EndpointPool one = pool(1, "");
        fail(one, one.snapshot()[0], 50);
        assertThat(one.healthyCount())
                .as("nothing to compare a single endpoint with")
                .isEqualTo(1);
    }

    @Test
    void anEndpointFailingHalfItsRequestsBesideAHealthyOneIsEjectedByItsFailureRate() throws Exception {
        EndpointPool two = pool(2, "");
        EndpointState flaky = two.snapshot()[0];
        EndpointState healthy = two.snapshot()[1];
        int sent = 0;
        while (flaky.health == EndpointState.Health.ACTIVE && sent < 200) {
            two.record(flaky, flaky.epoch, sent % 2 == 0 ? AttemptOutcome.FAILURE : AttemptOutcome.SUCCESS);
            two.record(healthy, healthy.epoch, AttemptOutcome.SUCCESS);
            sent++;
        }
        assertThat(flaky.health).isEqualTo(EndpointState.Health.EJECTED);
        assertThat(sent)
                .as("requests to the flaky endpoint before its ejection")
                .isBetween(40, 60);

        EndpointPool off = pool(2, "nala.defaults.outlier-detection.failure-rate.enabled = false");
        EndpointState kept = off.snapshot()[0];
        for (int i = 0; i < 200; i++) {
            off.record(kept, kept.epoch, i % 2 == 0 ? AttemptOutcome.FAILURE : AttemptOutcome.SUCCESS);
            off.record(off.snapshot()[1], off.snapshot()[1].epoch, AttemptOutcome.SUCCESS);
        }
        assertThat(kept.health).as("failure-rate ejection off").isEqualTo(EndpointState.Health.ACTIVE);
    }

    @Test
    void whenEveryEndpointListedIsEjectedItStillSends() throws Exception {
        EndpointPool two = pool(2, "");
        EndpointState sick = two.snapshot()[0];
        healthyPeers(two, sick);
        fail(two, sick, 5);
        assertThat(sick.health).isEqualTo(EndpointState.Health.EJECTED);
        // Discovery now lists only the ejected endpoint.
        discovery.set("orders", List.of(sick.endpoint));
        two.refresh();
        assertThat(two.healthyCount()).isZero();
        assertThat(two.choose(null)).isSameAs(sick);
    }

    @Test
    void anEmptyListIsADiscoveryErrorNamingServiceAndSource() throws Exception {
        EndpointPool pool = pool(0, "");
        assertThatThrownBy(() -> pool.choose(null))
                .isInstanceOf(ServiceDiscoveryException.class)
                .hasMessageContaining("\"orders\"")
                .hasMessageContaining("no healthy endpoints in listed");
    }
}
