package dev.nala.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nala.HttpClientFactory;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.e2e.support.ModeFactories;
import dev.nala.e2e.support.ScriptedUpstream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 4: the standalone smart client end to end, through the public API only. Three
 * instances of {@code payment-service} registered in a Consul stand-in; over one run, one
 * instance starts failing, is ejected, recovers and is readmitted; one is deregistered and stops
 * getting traffic; Consul goes down and calls keep working from the last known list. No error
 * ever reaches the caller. Every phase is a bounded number of calls, and the assertions are on
 * the requests each instance counted, plus Nala's own metrics where they say what happened
 * (which endpoint was ejected; that the Consul watch really saw the outage).
 */
@Timeout(180)
class StandaloneEndToEndTest {
    private static final String SERVICE = "payment-service";
    private static final int PHASE_CALLS = 300;
    /** Bound for the phases that wait for Nala to notice a change (readmission, deregistration). */
    private static final int MAX_CALLS_TO_NOTICE = 5_000;

    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private OpenTelemetrySdk openTelemetry;
    private ConsulStandIn consul;
    private final Map<String, ScriptedUpstream> instances = new LinkedHashMap<>();
    private HttpClientFactory factory;
    private OkHttpClient client;
    private final List<String> callerErrors = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        consul = ConsulStandIn.start();
        for (String id : List.of("a", "b", "c")) {
            ScriptedUpstream instance = ScriptedUpstream.start(n -> ScriptedUpstream.ok(id));
            instances.put(id, instance);
            consul.register(SERVICE, SERVICE + "-" + id, "127.0.0.1", instance.port());
        }
        openTelemetry = OpenTelemetrySdk.builder()
                .setMeterProvider(
                        SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
    }

    /** The factory under test, over the Consul stand-in, with the given balancer for the service. */
    private void startFactory(String loadBalancer) {
        factory = ModeFactories.standalone(
                String.join(
                        "\n",
                        "nala.consul { address = \"" + consul.address()
                                + "\", wait = 2s, error-backoff { initial = 100ms, max = 500ms } }",
                        "nala.services.\"" + SERVICE + "\" {",
                        "  discovery = consul",
                        "  call-timeout = 5s",
                        "  load-balancer = " + loadBalancer,
                        // Short ejections, so that readmission happens within a bounded number of calls.
                        "  outlier-detection { consecutive-failures = 3, ejection-time = 200ms, max-ejection-time = 1s }",
                        "}"),
                openTelemetry);
        client = factory.client();
    }

    @AfterEach
    void stop() throws IOException {
        if (factory != null) {
            factory.close();
        }
        for (ScriptedUpstream instance : instances.values()) {
            instance.close();
        }
        consul.close();
        openTelemetry.close();
    }

    /** One call as an application makes it; anything but a 2xx answer counts as an error the caller saw. */
    private String call() {
        try (Response response = client.newCall(new Request.Builder()
                        .url("http://" + SERVICE + "/charge")
                        .build())
                .execute()) {
            String body = response.body().string();
            if (!response.isSuccessful()) {
                callerErrors.add("HTTP " + response.code());
            }
            return body;
        } catch (IOException e) {
            callerErrors.add(e.toString());
            return "";
        }
    }

    private void calls(int count) {
        for (int i = 0; i < count; i++) {
            call();
        }
    }

    /** Calls until the condition holds, at most {@link #MAX_CALLS_TO_NOTICE} times; returns the calls made. */
    private int callUntil(BooleanSupplier condition, String what) {
        for (int i = 1; i <= MAX_CALLS_TO_NOTICE; i++) {
            call();
            if (condition.getAsBoolean()) {
                return i;
            }
        }
        throw new AssertionError(what + " did not happen within " + MAX_CALLS_TO_NOTICE + " calls; counts " + counts());
    }

    /**
     * Calls until the condition holds, for at most {@code within} (and at most 20 times
     * {@link #MAX_CALLS_TO_NOTICE} calls): for what the balancer notices with time, not with calls.
     */
    private void callUntilWithin(Duration within, BooleanSupplier condition, String what) {
        long end = System.nanoTime() + within.toNanos();
        for (int i = 1; i <= 20 * MAX_CALLS_TO_NOTICE && System.nanoTime() < end; i++) {
            call();
            if (condition.getAsBoolean()) {
                return;
            }
        }
        throw new AssertionError(what + " did not happen within " + within.toSeconds() + " s; counts " + counts());
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        instances.forEach((id, instance) -> counts.put(id, instance.requestCount()));
        return counts;
    }

    private int count(String id) {
        return instances.get(id).requestCount();
    }

    /** The sum of a counter's points whose attributes match. */
    private long counter(String name, Predicate<Attributes> which) {
        return metrics.collectAllMetrics().stream()
                .filter(metric -> metric.getName().equals(name))
                .flatMap(metric -> metric.getLongSumData().getPoints().stream())
                .filter(point -> which.test(point.getAttributes()))
                .mapToLong(LongPointData::getValue)
                .sum();
    }

    private long ejections(String id) {
        long port = instances.get(id).port();
        return counter(
                "nala.client.endpoint.ejections",
                attributes -> Long.valueOf(port).equals(attributes.get(AttributeKey.longKey("server.port"))));
    }

    private long failedConsulQueries() {
        return counter(
                "nala.discovery.refreshes",
                attributes -> "error".equals(attributes.get(AttributeKey.stringKey("nala.discovery.outcome"))));
    }

    @Test
    void ejectionReadmissionDeregistrationAndAConsulOutageNeverReachTheCaller() {
        // Least-outstanding leaves a failing instance its share until outlier ejection takes it
        // out, which this scenario follows; the default balancer moves requests off it sooner
        // (theDefaultBalancerAvoidsAFailingInstanceAndComesBackToItWhenItRecovers).
        startFactory("least-outstanding");
        // 1. All healthy: every instance takes a share.
        calls(PHASE_CALLS);
        Map<String, Integer> healthy = counts();
        assertThat(healthy.values()).as("healthy phase %s", healthy).allMatch(n -> n >= PHASE_CALLS / 10);
        assertThat(healthy.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(PHASE_CALLS);

        // 2. b fails every request: retries hide it from the caller and b is ejected after a few failures.
        instances.get("b").script(n -> ScriptedUpstream.status(503));
        int bBefore = count("b");
        calls(PHASE_CALLS);
        int bWhileFailing = count("b") - bBefore;
        assertThat(bWhileFailing)
                .as("requests b got while failing (ejected after 3 in a row, then only probes); counts %s", counts())
                .isLessThan(PHASE_CALLS / 3 / 2);
        assertThat(ejections("b")).as("b's ejections").isPositive();

        // 3. b recovers: a probe succeeds, b is readmitted and takes a share again.
        instances.get("b").script(n -> ScriptedUpstream.ok("b"));
        int bAtRecovery = count("b");
        callUntil(() -> count("b") > bAtRecovery, "a request to the recovered b");
        int bReadmitted = count("b");
        calls(PHASE_CALLS);
        assertThat(count("b") - bReadmitted)
                .as("b's share after readmission; counts %s", counts())
                .isGreaterThanOrEqualTo(PHASE_CALLS / 10);

        // 4. c is deregistered: the blocking query returns at once, and c gets no more traffic.
        consul.deregister(SERVICE, SERVICE + "-c");
        int[] cLast = {count("c")};
        int[] quiet = {0};
        callUntil(
                () -> {
                    int now = count("c");
                    quiet[0] = now == cLast[0] ? quiet[0] + 1 : 0;
                    cLast[0] = now;
                    return quiet[0] >= 50;
                },
                "50 calls in a row without a request to the deregistered c");
        int cAfterDeregistration = count("c");
        Map<String, Integer> beforeOutage = counts();
        calls(PHASE_CALLS);
        assertThat(count("c")).as("c after deregistration").isEqualTo(cAfterDeregistration);
        assertThat(count("a") - beforeOutage.get("a")).isGreaterThanOrEqualTo(PHASE_CALLS / 10);
        assertThat(count("b") - beforeOutage.get("b")).isGreaterThanOrEqualTo(PHASE_CALLS / 10);

        // 5. Consul goes down: calls keep working from the last known list (a and b). The calls
        // start once the watch has failed twice (the held query dropped, then a refused retry), so
        // they run while Nala knows Consul is gone.
        int consulRequests = consul.requestCount(SERVICE);
        consul.goDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> failedConsulQueries() >= 2);
        Map<String, Integer> duringOutage = counts();
        calls(PHASE_CALLS);
        assertThat(count("a") + count("b") - duringOutage.get("a") - duringOutage.get("b"))
                .isEqualTo(PHASE_CALLS);
        assertThat(count("c")).isEqualTo(cAfterDeregistration);
        assertThat(consulRequests).as("Nala watched the service in Consul").isPositive();
        assertThat(ejections("a") + ejections("c"))
                .as("ejections of the instances that never failed")
                .isZero();

        assertThat(callerErrors)
                .as("errors the caller saw; final counts %s", counts())
                .isEmpty();
    }

    /**
     * The default balancer (peak-ewma) counts a failure as slow: a failing instance loses its share
     * after its first failures, before outlier ejection has seen enough of them, and the caller
     * sees nothing; once it answers again, a request that its faded estimate lets through finds it
     * well and it gets requests again. Its estimate fades with time (to 1/e in 4 s), not with calls,
     * so the wait for that is bounded in time: a few seconds, as docs/standalone.md says.
     */
    @Test
    void theDefaultBalancerAvoidsAFailingInstanceAndComesBackToItWhenItRecovers() {
        startFactory("peak-ewma");
        calls(PHASE_CALLS);
        assertThat(counts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(PHASE_CALLS);

        instances.get("b").script(n -> ScriptedUpstream.status(503));
        int bBefore = count("b");
        calls(PHASE_CALLS);
        assertThat(count("b") - bBefore)
                .as("requests b got while failing; counts %s", counts())
                .isLessThan(PHASE_CALLS / 3 / 2);

        instances.get("b").script(n -> ScriptedUpstream.ok("b"));
        int bAtRecovery = count("b");
        callUntilWithin(
                Duration.ofSeconds(10), () -> count("b") >= bAtRecovery + 10, "ten requests to the recovered b");

        assertThat(callerErrors)
                .as("errors the caller saw; final counts %s", counts())
                .isEmpty();
    }
}
