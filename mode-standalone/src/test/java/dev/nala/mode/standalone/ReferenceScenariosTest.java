package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.mode.standalone.fixtures.Upstream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The two reference scenarios of the service-mesh patterns literature, through the factory with
 * the production defaults (retries, budget, outlier ejection, service breaker): two instances of
 * a service, one of them failing. The caller must see no error, and the failing instance must not
 * multiply the traffic. Counts only; nothing here depends on timing.
 */
class ReferenceScenariosTest {
    private static final int CALLS = 1_000;

    /**
     * Under the defaults the flaky instance is ejected once it fails five times in a row (its
     * answers follow a fixed seed, so that happens at its 8th request): retries and ejection
     * together keep every call successful.
     */
    @Test
    void oneInstanceFailingHalfTheTimeCostsAtMostAThirdMoreUpstreamCalls() throws Exception {
        Outcome outcome = halfFailingInstance("");
        assertThat(outcome.callerErrors).as("the caller sees no error").isEmpty();
        assertThat(outcome.upstreamCalls).as("upstream calls for %d GETs", CALLS).isBetween(CALLS, CALLS * 13 / 10);
    }

    /**
     * With outlier ejection off, as the literature states the scenario: every failure of the
     * flaky instance is retried on the other one, so retries add about a quarter, and the retry
     * budget keeps the total under 1.3x. (The budget, 20% plus 10 per second, is below the 25%
     * this needs, so a few calls may end with the flaky instance's 500: that is the budget
     * doing its job, and why ejection is on by default.)
     */
    @Test
    void withoutEjectionRetriesAddAboutAQuarterAndTheBudgetCapsThem() throws Exception {
        Outcome outcome = halfFailingInstance("outlier-detection.max-ejection-percent = 0");
        assertThat(outcome.upstreamCalls).as("about a quarter more, at most 1.3x")
                .isBetween(CALLS * 11 / 10, CALLS * 13 / 10);
        assertThat(outcome.callerErrors).allSatisfy(error -> assertThat(error).endsWith("status 500"));
    }

    private static final class Outcome {
        final int upstreamCalls;
        final List<String> callerErrors;

        Outcome(int upstreamCalls, List<String> callerErrors) {
            this.upstreamCalls = upstreamCalls;
            this.callerErrors = callerErrors;
        }
    }

    private static Outcome halfFailingInstance(String serviceSettings) throws Exception {
        boolean[] fails = new boolean[4 * CALLS];
        Random random = new Random(20261125);
        for (int i = 0; i < fails.length; i++) {
            fails[i] = random.nextBoolean();
        }
        try (Upstream healthy = Upstream.start();
                Upstream flaky = Upstream.start().answer(n -> fails[n - 1] ? 500 : 200);
                HttpClientFactory factory = StandaloneFactories.standalone("nala.services.catalog { discovery = static, "
                        + "endpoints = [\"" + healthy.endpoint() + "\", \"" + flaky.endpoint() + "\"]\n"
                        + serviceSettings + " }")) {
            List<String> callerErrors = getAll(factory.client(), "http://catalog/items");

            int upstreamCalls = healthy.hits() + flaky.hits();
            System.out.printf("scenario 1 (%s): %d GETs -> %d upstream calls (healthy %d, flaky %d), %d caller errors%n",
                    serviceSettings.isEmpty() ? "defaults" : serviceSettings, CALLS, upstreamCalls,
                    healthy.hits(), flaky.hits(), callerErrors.size());
            assertThat(flaky.hits()).as("the flaky instance took part").isPositive();
            return new Outcome(upstreamCalls, callerErrors);
        }
    }

    @Test
    void oneInstanceFailingEveryTimeIsEjectedAfterAHandful() throws Exception {
        try (ConsulStandIn consul = ConsulStandIn.start();
                Upstream healthy = Upstream.start();
                Upstream broken = Upstream.start().answer(500)) {
            consul.register("catalog", "catalog-1", "127.0.0.1", healthy.port());
            consul.register("catalog", "catalog-2", "127.0.0.1", broken.port());
            try (HttpClientFactory factory = StandaloneFactories.standalone(
                    "nala.consul { address = \"" + consul.address() + "\", wait = 2s }")) {
                List<String> callerErrors = getAll(factory.client(), "http://catalog/items");

                System.out.printf("scenario 2: %d GETs -> healthy %d, broken %d upstream calls%n",
                        CALLS, healthy.hits(), broken.hits());
                assertThat(callerErrors).as("the caller sees no error").isEmpty();
                assertThat(broken.hits()).as("the broken instance is ejected after a handful").isBetween(1, 20);
                assertThat(healthy.hits()).isEqualTo(CALLS);
            }
        }
    }

    /** GETs the URL {@link #CALLS} times in a row; returns what went wrong, if anything. */
    private static List<String> getAll(OkHttpClient client, String url) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
                if (response.code() != 200) {
                    errors.add("call " + i + ": status " + response.code());
                }
            } catch (IOException e) {
                errors.add("call " + i + ": " + e);
            }
        }
        return errors;
    }
}
