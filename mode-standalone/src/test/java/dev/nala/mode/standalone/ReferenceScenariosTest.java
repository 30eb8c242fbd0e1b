package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.mode.standalone.fixtures.Metrics;
import dev.nala.mode.standalone.fixtures.Upstream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service-mesh patterns book's retry and circuit-breaking tables, replayed through the
 * factory with the production defaults (retries, budget, outlier ejection, service breaker; only
 * the backoff shortened, so calls run at loopback speed and the budget's per-second floor cannot
 * hide anything): two instances of a service found through Consul, 1,000 GETs, from one caller
 * in a row and from 8 at once. Counts only; the servers answer at loopback speed
 * ({@code TCP_NODELAY} on).
 *
 * <p>Each table runs with the default balancer (peak-ewma), which counts a failure as slow and so
 * moves requests off the failing instance at once, usually before outlier ejection has seen
 * enough of them to judge; and with least-outstanding, which leaves the failing instance its share
 * until outlier ejection takes it out, so these tables also prove the ejection.
 */
class ReferenceScenariosTest {
    private static final int CALLS = 1_000;
    private static final String SERVICE = "catalog";

    /**
     * The retry table: one instance fails half its requests, every other one or at random (with
     * a fixed seed). Its failures never come five in a row, so with least-outstanding its failure
     * rate ejects it (docs/standalone.md, "Outlier ejection"); until then each failure is retried
     * on the other instance within the budget.
     */
    @ParameterizedTest(name = "{0}, {1} caller(s), {2}")
    @CsvSource({
        "alternating, 1, peak-ewma",
        "alternating, 8, peak-ewma",
        "random, 1, peak-ewma",
        "random, 8, peak-ewma",
        "alternating, 1, least-outstanding",
        "alternating, 8, least-outstanding",
        "random, 1, least-outstanding",
        "random, 8, least-outstanding"
    })
    void oneInstanceFailingHalfItsRequestsCostsTheCallerNothing(String pattern, int callers, String balancer)
            throws Exception {
        IntUnaryOperator flakyAnswers;
        if (pattern.equals("alternating")) {
            flakyAnswers = n -> n % 2 == 1 ? 500 : 200;
        } else {
            boolean[] fails = new boolean[4 * CALLS];
            Random random = new Random(20261206);
            for (int i = 0; i < fails.length; i++) {
                fails[i] = random.nextBoolean();
            }
            flakyAnswers = n -> fails[n - 1] ? 500 : 200;
        }
        Outcome outcome = twoInstances(n -> 200, flakyAnswers, callers, balancer);
        System.out.printf("book retry table (%s, %d caller(s), %s): %s%n", pattern, callers, balancer, outcome);
        if (balancer.equals("least-outstanding")) {
            // Until the ejection, half the first attempts fail and need a retry; on a loaded machine
            // the budget's start-up allowance can run out just before it (rarely, one or two calls).
            assertThat(outcome.callerErrors).as("callers that saw an error").hasSizeLessThanOrEqualTo(5);
        } else {
            assertThat(outcome.callerErrors).as("the caller sees no error").isEmpty();
        }
        assertThat(outcome.upstreamRequests())
                .as("at most 1.25 upstream requests per call")
                .isLessThanOrEqualTo(CALLS * 5 / 4);
        assertThat(outcome.flakyHits)
                .as("requests to the flaky instance, its ejection included")
                .isLessThan(100);
        if (balancer.equals("least-outstanding")) {
            assertThat(outcome.ejections).as("the flaky instance is ejected").isEqualTo(1);
        } else {
            assertThat(outcome.flakyHits)
                    .as("requests to the flaky instance, which fails at once")
                    .isLessThan(40);
        }
    }

    /** The circuit-breaking table: one instance fails every request; it is ejected after a handful, or avoided. */
    @ParameterizedTest(name = "{0} caller(s), {1}")
    @CsvSource({"1, peak-ewma", "8, peak-ewma", "1, least-outstanding", "8, least-outstanding"})
    void oneInstanceFailingEveryRequestIsEjectedAfterAHandful(int callers, String balancer) throws Exception {
        Outcome outcome = twoInstances(n -> 200, n -> 500, callers, balancer);
        System.out.printf("book circuit-breaking table (%d caller(s), %s): %s%n", callers, balancer, outcome);
        assertThat(outcome.callerErrors).as("the caller sees no error").isEmpty();
        assertThat(outcome.flakyHits)
                .as("requests to the broken instance of %d", CALLS)
                .isBetween(1, 25);
        if (balancer.equals("least-outstanding")) {
            assertThat(outcome.ejections).isEqualTo(1);
        }
    }

    /** Instances that fail alike are a service-wide problem, for the breaker and the budget: nobody is ejected. */
    @ParameterizedTest(name = "{0} caller(s)")
    @ValueSource(ints = {1, 8})
    void instancesThatAllFailThirtyPercentAreNotEjected(int callers) throws Exception {
        Random random = new Random(30);
        boolean[] fails = new boolean[4 * CALLS];
        for (int i = 0; i < fails.length; i++) {
            fails[i] = random.nextInt(10) < 3;
        }
        boolean[] otherFails = new boolean[4 * CALLS];
        for (int i = 0; i < otherFails.length; i++) {
            otherFails[i] = random.nextInt(10) < 3;
        }
        Outcome outcome =
                twoInstances(n -> fails[n - 1] ? 500 : 200, n -> otherFails[n - 1] ? 500 : 200, callers, "peak-ewma");
        System.out.printf("all instances failing 30%% (%d caller(s)): %s%n", callers, outcome);
        assertThat(outcome.ejections).isZero();
    }

    private Outcome twoInstances(
            IntUnaryOperator firstAnswers, IntUnaryOperator secondAnswers, int callers, String balancer)
            throws Exception {
        try (ConsulStandIn consul = ConsulStandIn.start();
                Upstream first = Upstream.start().answer(firstAnswers);
                Upstream second = Upstream.start().answer(secondAnswers);
                Metrics metrics = new Metrics()) {
            consul.register(SERVICE, SERVICE + "-1", "127.0.0.1", first.port());
            consul.register(SERVICE, SERVICE + "-2", "127.0.0.1", second.port());
            try (HttpClientFactory factory = StandaloneFactories.standalone(
                    StandaloneFactories.FAST_BACKOFF
                            + "nala.consul { address = \"" + consul.address() + "\", wait = 2s }\n"
                            + "nala.defaults.load-balancer = " + balancer,
                    metrics.openTelemetry())) {
                List<String> callerErrors = callAll(factory.client(), "http://" + SERVICE + "/items", callers);
                long ejections = metrics.value("nala.client.endpoint.ejections", Map.of("nala.service", SERVICE));
                return new Outcome(first.hits(), second.hits(), callerErrors, ejections);
            }
        }
    }

    private record Outcome(int firstHits, int flakyHits, List<String> callerErrors, long ejections) {
        int upstreamRequests() {
            return firstHits + flakyHits;
        }

        @Override
        public String toString() {
            return String.format(
                    "%d GETs -> %d upstream requests (%.3f per call; healthy or first %d, flaky or second %d),"
                            + " %d caller errors, %d ejection(s)",
                    CALLS,
                    upstreamRequests(),
                    (double) upstreamRequests() / CALLS,
                    firstHits,
                    flakyHits,
                    callerErrors.size(),
                    ejections);
        }
    }

    /** GETs the URL {@link #CALLS} times from {@code callers} threads; returns what went wrong, if anything. */
    private static List<String> callAll(OkHttpClient client, String url, int callers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                int call = i;
                results.add(pool.submit(() -> {
                    try (Response response = client.newCall(
                                    new Request.Builder().url(url).build())
                            .execute()) {
                        return response.code() == 200 ? null : "call " + call + ": status " + response.code();
                    } catch (IOException e) {
                        return "call " + call + ": " + e;
                    }
                }));
            }
            List<String> errors = new ArrayList<>();
            for (Future<String> result : results) {
                String error = result.get(60, TimeUnit.SECONDS);
                if (error != null) {
                    errors.add(error);
                }
            }
            return errors;
        } finally {
            pool.shutdownNow();
        }
    }
}
