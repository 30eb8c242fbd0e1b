package dev.nala.discovery;

import static dev.nala.discovery.ScriptedConsul.instances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nala.ServiceDiscoveryException;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A call's deadline bounds its wait for discovery's first answer: {@code endpoints(service, deadlineNanos)}. */
class CallDeadlineTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final Endpoint A = Endpoint.of("10.0.0.1", 8080);
    /**
     * How late past its deadline a call may give up: scheduling on a busy machine, not a timeout of
     * its own. The waits it must not fall back to are 5 s and more (the first-answer timeout, a slow
     * answer), so a second's slack still tells them apart.
     */
    private static final Duration LATENESS = Duration.ofSeconds(1);

    private final ConsulStandIn consul = ConsulStandIn.start();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        consul.close();
    }

    private ConsulDiscovery discovery(String address, String extra) {
        ConsulDiscovery discovery = ConsulDiscovery.create(TestSettings.load("nala.consul { address = \"" + address
                        + "\", wait = 1s, first-answer-timeout = 10s, error-backoff { initial = 20ms, max = 200ms } }\n"
                        + extra)
                .consul());
        opened.add(discovery);
        return discovery;
    }

    private static long inMillis(long millis) {
        return System.nanoTime() + Duration.ofMillis(millis).toNanos();
    }

    @Test
    void theCallsDeadlineEndsTheWaitBeforeFirstAnswerTimeout() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        consul.goDown();
        ConsulDiscovery discovery = discovery(consul.address(), "");

        long deadline = inMillis(300);
        DiscoveryPendingException error =
                assertThrows(DiscoveryPendingException.class, () -> discovery.endpoints(PAYMENTS, deadline));
        long late = System.nanoTime() - deadline;

        assertThat(late).isBetween(0L, LATENESS.toNanos());
        assertThat(error.service()).isEqualTo("payments");
        assertThat(error.getMessage())
                .contains("service \"payments\"")
                .contains("Consul at " + consul.address())
                .doesNotContain("first-answer-timeout");
        assertThat(error.pending())
                .startsWith(
                        "no answer yet from Consul at " + consul.address() + " (from config key nala.consul.address")
                .contains("; last error: ConnectException");
        assertThat(error.getMessage()).endsWith(error.pending());

        consul.comeBack();
        await().atMost(Duration.ofSeconds(5))
                .ignoreExceptions()
                .until(() -> discovery.endpoints(PAYMENTS, inMillis(1000)).equals(List.of(A)));
    }

    @Test
    void aFirstQueryStillUnderWayIsWhatIsPending() {
        try (ScriptedConsul slow = new ScriptedConsul()) {
            slow.answer(instances(10, A).withFixedDelay(5_000));
            ConsulDiscovery discovery = discovery(slow.address(), "");
            long deadline = inMillis(200);
            DiscoveryPendingException error =
                    assertThrows(DiscoveryPendingException.class, () -> discovery.endpoints(PAYMENTS, deadline));
            assertThat(System.nanoTime() - deadline).isBetween(0L, LATENESS.toNanos());
            assertThat(error.pending()).endsWith("its first query is still under way");
            discovery.close();
        }
    }

    @Test
    void whenFirstAnswerTimeoutComesFirstItsOwnErrorStays() {
        consul.goDown();
        ConsulDiscovery discovery = discovery(consul.address(), "nala.consul.first-answer-timeout = 300ms");
        long started = System.nanoTime();
        ServiceDiscoveryException error =
                assertThrows(ServiceDiscoveryException.class, () -> discovery.endpoints(PAYMENTS, inMillis(5_000)));
        assertThat(error).isNotInstanceOf(DiscoveryPendingException.class);
        assertThat(error.getMessage()).contains("within 300ms (nala.consul.first-answer-timeout)");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(Duration.ofMillis(300).plus(LATENESS));
    }

    @Test
    void aDeadlineAlreadyPastFailsAtOnce() {
        consul.goDown();
        ConsulDiscovery discovery = discovery(consul.address(), "");
        long deadline = inMillis(-1);
        assertThrows(DiscoveryPendingException.class, () -> discovery.endpoints(PAYMENTS, deadline));
        assertThat(System.nanoTime() - deadline).isLessThan(LATENESS.toNanos());
    }

    @Test
    void anAnswerBeforeTheDeadlineIsTheList() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        ConsulDiscovery discovery = discovery(consul.address(), "");
        List<Endpoint> first = discovery.endpoints(PAYMENTS, inMillis(5_000));
        assertThat(first).containsExactly(A);
        // Known now: a deadline already past does not matter any more.
        assertThat(discovery.endpoints(PAYMENTS, inMillis(-1_000))).isSameAs(first);
    }

    @Test
    void perServiceDiscoveryPassesTheDeadlineToConsulAndStaticListsAnswerAtOnce() {
        consul.goDown();
        PerServiceDiscovery discovery = PerServiceDiscovery.create(
                TestSettings.load("nala.consul { address = \"" + consul.address() + "\", first-answer-timeout = 10s }\n"
                        + "nala.services.inventory { discovery = static, endpoints = [\"127.0.0.1:8081\"] }"));
        opened.add(discovery);

        assertThat(assertDoesNotThrow(() -> discovery.endpoints(ServiceName.of("inventory"), inMillis(-1_000))))
                .containsExactly(Endpoint.of("127.0.0.1", 8081));
        // The first Consul service creates the Consul source, and the first OkHttpClient of a JVM
        // takes most of a second to build (an application's factory has built its own before).
        assertThrows(
                DiscoveryPendingException.class, () -> discovery.endpoints(ServiceName.of("warm-up"), inMillis(-1)));

        long deadline = inMillis(200);
        assertThrows(DiscoveryPendingException.class, () -> discovery.endpoints(PAYMENTS, deadline));
        assertThat(System.nanoTime() - deadline).isBetween(0L, LATENESS.toNanos());
    }

    @Test
    void sourcesThatNeverWaitIgnoreTheDeadline() throws Exception {
        StaticDiscovery discovery = StaticDiscovery.from(
                TestSettings.load("nala.services.inventory { discovery = static, endpoints = [\"127.0.0.1:8081\"] }"));
        assertThat(discovery.endpoints(ServiceName.of("inventory"), inMillis(-1_000)))
                .isSameAs(discovery.endpoints(ServiceName.of("inventory")));
    }
}
