package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ch.qos.logback.classic.Level;
import dev.nala.ServiceDiscoveryException;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ConsulSettings;
import dev.nala.internal.settings.Secret;
import dev.nala.testing.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import okhttp3.Interceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a query throws, {@link Error}s included, the watch thread lives on: it keeps the last
 * good list, logs the outage once, backs off, and sees the next change.
 */
class WatchSurvivesErrorsTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final Endpoint A = Endpoint.of("10.0.0.1", 8080);
    private static final Endpoint B = Endpoint.of("10.0.0.2", 8080);
    private static final Duration WAIT = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final ConsulStandIn consul = ConsulStandIn.start();
    private final LogCapture logs = new LogCapture("dev.nala");
    private final List<ServiceWatch> watches = new ArrayList<>();
    private final List<ConsulHealthClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ServiceWatch watch : watches) {
            watch.stop();
            watch.awaitStopped(System.nanoTime() + PATIENCE.toNanos());
        }
        clients.forEach(ConsulHealthClient::close);
        consul.close();
        logs.close();
    }

    private ConsulSettings settings() {
        return TestSettings.load("nala.consul { address = \"" + consul.address() + "\", wait = 1s,"
                        + " first-answer-timeout = 1s, watch-rate-limit { per-second = 50, burst = 10 },"
                        + " error-backoff { initial = 20ms, max = 200ms } }")
                .consul();
    }

    private ServiceWatch watch(ConsulSettings settings, Interceptor fault) {
        ConsulHealthClient client = new ConsulHealthClient(settings, List.of(fault));
        clients.add(client);
        ServiceWatch watch = new ServiceWatch(PAYMENTS, client, settings, List.of());
        watches.add(watch);
        watch.start();
        return watch;
    }

    private static List<Endpoint> endpoints(ServiceWatch watch) {
        try {
            return watch.endpoints();
        } catch (ServiceDiscoveryException e) {
            throw new AssertionError(e);
        }
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                arguments("OutOfMemoryError", (Supplier<Throwable>) () -> new OutOfMemoryError("simulated")),
                arguments("StackOverflowError", (Supplier<Throwable>) StackOverflowError::new),
                arguments("IllegalArgumentException", (Supplier<Throwable>)
                        () -> new IllegalArgumentException("Unexpected char 0x0a at 4 in X-Consul-Token value")),
                arguments("NullPointerException", (Supplier<Throwable>) NullPointerException::new),
                arguments("a checked Exception OkHttp does not declare", (Supplier<Throwable>)
                        () -> new Exception("sneaky")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aQueryThatThrowsIsAFailedQuery(String name, Supplier<Throwable> failure) throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        AtomicInteger toThrow = new AtomicInteger();
        ServiceWatch watch = watch(settings(), chain -> {
            if (toThrow.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw WatchSurvivesErrorsTest.<RuntimeException>sneaky(failure.get());
            }
            return chain.proceed(chain.request());
        });
        List<Endpoint> known = watch.endpoints();
        assertThat(known).containsExactly(A);

        toThrow.set(3);
        List<List<Endpoint>> servedMeanwhile = new CopyOnWriteArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            servedMeanwhile.add(endpoints(watch));
            return toThrow.get() == 0
                    && logs.messages(Level.DEBUG, "failed again for service payments")
                                    .size()
                            >= 2;
        });
        assertThat(servedMeanwhile).allSatisfy(list -> assertThat(list).isSameAs(known));
        assertThat(watchThread().isAlive()).isTrue();

        consul.register("payments", "payments-2", "10.0.0.2", 8080);
        await().atMost(WAIT.plusSeconds(1)).until(() -> endpoints(watch).size() == 2);
        assertThat(endpoints(watch)).containsExactly(A, B);
        String simpleName = failure.get().getClass().getSimpleName();
        assertThat(logs.messages(Level.WARN, "failed for service payments"))
                .singleElement()
                .satisfies(warning ->
                        assertThat(warning).contains(simpleName).contains("serving the last known 1 instance(s)"));
        assertThat(logs.messages(Level.INFO, "answers again for service payments after 3 failed request(s)"))
                .hasSize(1);
        assertThat(watchThread().isAlive()).isTrue();
    }

    @Test
    void aListenerThatThrowsAnErrorDoesNotStopTheWatch() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        ConsulSettings settings = settings();
        ConsulHealthClient client = new ConsulHealthClient(settings);
        clients.add(client);
        ServiceWatch watch = new ServiceWatch(PAYMENTS, client, settings, List.of((service, endpoints) -> {
            throw new StackOverflowError();
        }));
        watches.add(watch);
        watch.start();
        assertThat(watch.endpoints()).containsExactly(A);

        consul.register("payments", "payments-2", "10.0.0.2", 8080);
        await().atMost(WAIT.plusSeconds(1)).until(() -> endpoints(watch).size() == 2);
        assertThat(logs.messages(Level.WARN, "A discovery change listener failed for service payments"))
                .hasSize(2);
        assertThat(logs.messages(Level.WARN, "Consul")).isEmpty();
        assertThat(watchThread().isAlive()).isTrue();
    }

    /**
     * The token check happens when settings load; should a token OkHttp refuses get past it
     * anyway, the watch must survive it and never show it.
     */
    @Test
    void aTokenOkHttpRefusesNeitherKillsTheWatchNorShows() throws Exception {
        String token = "tok3n-first-half\ntok3n-second-half";
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        ConsulSettings valid = settings();
        ConsulSettings withBadToken = new ConsulSettings(
                valid.address(),
                valid.addressSource(),
                Optional.of(Secret.of(token)),
                valid.datacenter(),
                valid.consistency(),
                valid.blockingWait(),
                valid.tag(),
                valid.firstAnswerTimeout(),
                valid.watchRatePerSecond(),
                valid.watchBurst(),
                valid.errorBackoffInitial(),
                valid.errorBackoffMax(),
                valid.maxAnswerSize());
        ServiceWatch watch = watch(withBadToken, chain -> chain.proceed(chain.request()));

        ServiceDiscoveryException error = assertThrows(ServiceDiscoveryException.class, watch::endpoints);
        await().atMost(PATIENCE)
                .until(() -> logs.messages(Level.DEBUG, "failed again for service payments")
                                .size()
                        >= 3);
        assertThat(watchThread().isAlive()).isTrue();
        assertThat(error.getMessage())
                .contains("IllegalArgumentException")
                .contains("Nala keeps asking in the background");

        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        for (String shown : List.of(error.getMessage(), trace.toString(), logs.everything())) {
            assertThat(shown).doesNotContain("tok3n-first-half").doesNotContain("tok3n-second-half");
        }
    }

    private static Thread watchThread() {
        return ConsulDiscoveryTest.watchThreads().stream()
                .filter(thread -> thread.getName().equals(ServiceWatch.THREAD_PREFIX + "payments"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the watch thread is gone"));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable failure) throws T {
        throw (T) failure;
    }
}
