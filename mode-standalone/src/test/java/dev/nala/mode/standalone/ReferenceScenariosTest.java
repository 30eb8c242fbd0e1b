package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
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
     * on the other instance, as long as the retry budget allows. The caller sees an error only
     * when the budget refuses such a retry, and no more of those than its start-up allowance
     * permits (see {@link #refusalsAllowed}).
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
        int flakyFailures = failuresAmongFirst(outcome.flakyHits, flakyAnswers);
        assertThat(outcome.mostAttempts)
                .as("attempts of the busiest call: a retry goes to the healthy instance, which answers")
                .isLessThanOrEqualTo(2);
        assertThat(outcome.retries() + outcome.budgetRefused)
                .as("the flaky instance's %d failures, each retried once or refused by the budget", flakyFailures)
                .isEqualTo(flakyFailures);
        assertThat(outcome.callerErrors)
                .as("callers that saw an error: each a 500 whose retry the budget refused")
                .hasSize((int) outcome.budgetRefused)
                .allMatch(error -> error.endsWith(": status 500"));
        assertThat(outcome.budgetRefused)
                .as("retries refused, at most what the budget's allowance leaves short")
                .isLessThanOrEqualTo(refusalsAllowed(outcome.flakyHits, flakyAnswers));
        assertThat(outcome.upstreamRequests())
                .as("at most 1.25 upstream requests per call")
                .isLessThanOrEqualTo(CALLS * 5 / 4);
        if (balancer.equals("least-outstanding")) {
            assertThat(outcome.ejections).as("the flaky instance is ejected").isEqualTo(1);
            assertThat(outcome.flakyHits)
                    .as("requests to the flaky instance, at most until the failure-rate rule can eject it")
                    .isLessThanOrEqualTo(requestsBeforeEjection(flakyAnswers, outcome.budgetRefused, callers));
        } else {
            assertThat(outcome.flakyHits)
                    .as("requests to the flaky instance, which fails at once")
                    .isLessThan(40);
        }
    }

    /**
     * The most retries the budget can have refused, given that the flaky instance got {@code
     * flakyHits} requests. It refuses one only when both its parts are spent (docs/standalone.md,
     * "Retry budget"): the ratio, {@code ratio x calls - retries it paid < 1}, so it has paid at
     * least {@code floor(ratio x calls)}; and the floor, whose bucket starts full with {@code
     * min-per-second} tokens (one second's worth) and has paid at least those. With the calls
     * counted up to the last refusal, {@code C}, and the failures whose retry was decided by then,
     * {@code F}: refused = F - granted <= F - floor(ratio x C) - min-per-second. Every failure is
     * the flaky instance's (the other answers 200), and each of its requests is a call's first
     * attempt (a retry goes elsewhere), so if its answers up to request {@code n} are the ones
     * decided, {@code F <= failures among its first n answers} and {@code C >= n}. That is
     * reached: least-outstanding can send it nearly every first attempt for a while, the healthy
     * instance having the retries in flight. The refusals all come before the ejection, well
     * inside the budget's 10 s window.
     *
     * <p>With the defaults (0.2, 10) and the random pattern: ejected after 48 requests, of which
     * 21 failed, the worst n is 48, 21 - 9 - 10 = 2 refusals at most; when ejection comes late,
     * after 92 requests (the healthy instance slow to reach the 40 requests the failure-rate rule
     * needs), 13. A budget whose ratio never grew would refuse about F - 10 (11 and 31), more than
     * either.
     */
    private static int refusalsAllowed(int flakyHits, IntUnaryOperator flakyAnswers) {
        Config budget = ConfigFactory.defaultReference().getConfig("nala.defaults.retry.budget");
        double ratio = budget.getDouble("ratio");
        int startUpAllowance = budget.getInt("min-per-second");
        int mostShort = 0;
        int failures = 0;
        for (int n = 1; n <= flakyHits; n++) {
            failures += flakyAnswers.applyAsInt(n) == 500 ? 1 : 0;
            mostShort = Math.max(mostShort, failures - (int) Math.floor(ratio * n) - startUpAllowance);
        }
        return mostShort;
    }

    /**
     * The most requests the flaky instance can get before outlier ejection takes it out. The
     * failure-rate rule judges once the instance and its peers each have {@code minimum-requests}
     * outcomes (docs/standalone.md, "Outlier ejection"); the healthy instance gets at least every
     * retry, one per failure the budget did not refuse. So by the flaky instance's request {@code n}
     * with {@code n >= minimum} and {@code failures(n) - refused >= minimum}, both have enough, and
     * its rate (about half) is far above its peer's (none): it is ejected on that outcome. Requests
     * already on their way to it then, one per caller at most, come on top.
     */
    private static int requestsBeforeEjection(IntUnaryOperator flakyAnswers, long refused, int callers) {
        int minimum = ConfigFactory.defaultReference()
                .getInt("nala.defaults.outlier-detection.failure-rate.minimum-requests");
        int failures = 0;
        for (int n = 1; n <= 4 * CALLS; n++) {
            failures += flakyAnswers.applyAsInt(n) == 500 ? 1 : 0;
            if (n >= minimum && failures - refused >= minimum) {
                return n + callers;
            }
        }
        return 4 * CALLS;
    }

    private static int failuresAmongFirst(int requests, IntUnaryOperator answers) {
        int failures = 0;
        for (int n = 1; n <= requests; n++) {
            failures += answers.applyAsInt(n) == 500 ? 1 : 0;
        }
        return failures;
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
                Map<String, String> service = Map.of("nala.service", SERVICE);
                return new Outcome(
                        first.hits(),
                        second.hits(),
                        callerErrors,
                        metrics.value("nala.client.endpoint.ejections", service),
                        metrics.value("nala.client.retry_budget.refused", service),
                        metrics.histogramMax("nala.client.call.attempts"));
            }
        }
    }

    private record Outcome(
            int firstHits,
            int flakyHits,
            List<String> callerErrors,
            long ejections,
            long budgetRefused,
            long mostAttempts) {
        int upstreamRequests() {
            return firstHits + flakyHits;
        }

        int retries() {
            return upstreamRequests() - CALLS;
        }

        @Override
        public String toString() {
            return String.format(
                    "%d GETs -> %d upstream requests (%.3f per call; healthy or first %d, flaky or second %d),"
                            + " %d caller errors, %d retries refused by the budget, at most %d attempts per call,"
                            + " %d ejection(s)",
                    CALLS,
                    upstreamRequests(),
                    (double) upstreamRequests() / CALLS,
                    firstHits,
                    flakyHits,
                    callerErrors.size(),
                    budgetRefused,
                    mostAttempts,
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
