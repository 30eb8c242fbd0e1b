package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import dev.nala.ServiceDiscoveryException;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.discovery.testing.ConsulStandIn.Instance;
import dev.nala.discovery.testing.ConsulStandIn.RecordedRequest;
import dev.nala.internal.Endpoint;
import dev.nala.internal.InstanceLabels;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ConsulSettings;
import dev.nala.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsulDiscoveryTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final ConsulStandIn consul = ConsulStandIn.start();
    private final LogCapture logs = new LogCapture("dev.nala");
    private final List<ConsulDiscovery> opened = new ArrayList<>();

    @AfterEach
    void stop() {
        opened.forEach(ConsulDiscovery::close);
        consul.close();
        logs.close();
    }

    /** Short waits and backoffs so the tests run fast; `extra` overrides any of them. */
    private ConsulSettings settings(String extra) {
        return settings(extra, Map.of());
    }

    private ConsulSettings settings(String extra, Map<String, String> env) {
        return TestSettings.load(
                        "nala.consul { address = \"" + consul.address() + "\", wait = 1s,"
                                + " first-answer-timeout = 10s, watch-rate-limit { per-second = 50, burst = 10 },"
                                + " error-backoff { initial = 20ms, max = 200ms } }\n" + extra,
                        env)
                .consul();
    }

    private ConsulDiscovery discovery(ConsulSettings settings) {
        ConsulDiscovery discovery = ConsulDiscovery.create(settings);
        opened.add(discovery);
        return discovery;
    }

    private static List<Endpoint> endpoints(ConsulDiscovery discovery, ServiceName service) {
        try {
            return discovery.endpoints(service);
        } catch (ServiceDiscoveryException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void usesTheServiceAddressElseTheNodeAddressAndOnlyPassingInstances() throws Exception {
        consul.register("payments", Instance.of("payments-1", "10.1.0.5", 8080).withNodeAddress("10.0.0.1"));
        consul.register("payments", Instance.of("payments-2", "", 8081).withNodeAddress("10.0.0.2"));
        consul.register("payments", Instance.of("payments-3", "10.1.0.7", 8082).withPassing(false));

        assertThat(discovery(settings("")).endpoints(PAYMENTS))
                .containsExactly(Endpoint.of("10.1.0.5", 8080), Endpoint.of("10.0.0.2", 8081));
    }

    @Test
    void badEntriesAreSkippedWithOneWarningEach() throws Exception {
        consul.register("payments", "good-1", "10.0.0.1", 8080);
        consul.register("payments", "bad-host", "not a host!", 8080);
        consul.register("payments", "bad-port", "10.0.0.3", 0);
        consul.register("payments", "huge-port", "10.0.0.4", 70000);
        consul.register("payments", "forged", "x\nERROR forged log line", 8080);
        ConsulDiscovery discovery = discovery(settings(""));

        assertThat(discovery.endpoints(PAYMENTS)).containsExactly(Endpoint.of("10.0.0.1", 8080));
        List<String> warnings = logs.messages(Level.WARN, "Skipping a Consul entry of service payments");
        assertThat(warnings).hasSize(4);
        assertThat(warnings)
                .anySatisfy(w -> assertThat(w).contains("\"bad-host\"").contains("\"not a host!\""));
        assertThat(warnings)
                .anySatisfy(w -> assertThat(w).contains("\"bad-port\"").contains("between 1 and 65535"));
        assertThat(warnings)
                .anySatisfy(w -> assertThat(w).contains("\"huge-port\"").contains("70000"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("\"forged\""));
        assertThat(warnings).allSatisfy(w -> assertThat(w).doesNotContain("\n"));

        // The next answer still carries the same bad entries: they are not warned about again.
        consul.register("payments", "good-2", "10.0.0.2", 8080);
        await().atMost(PATIENCE).until(() -> endpoints(discovery, PAYMENTS).size() == 2);
        assertThat(logs.messages(Level.WARN, "Skipping a Consul entry")).hasSize(4);
    }

    @Test
    void sendsTheDocumentedQuery() throws Exception {
        consul.register("payments", Instance.of("payments-1", "10.0.0.1", 8080).withTags("primary"));
        consul.register("payments", Instance.of("payments-2", "10.0.0.2", 8080).withTags("canary"));
        ConsulDiscovery discovery = discovery(settings("nala.consul { datacenter = eu-west, tag = primary }"));

        assertThat(discovery.endpoints(PAYMENTS)).containsExactly(Endpoint.of("10.0.0.1", 8080));
        await().atMost(PATIENCE).until(() -> consul.requestCount("payments") >= 2);

        RecordedRequest first = consul.requests("payments").get(0);
        assertThat(first.path()).isEqualTo("/v1/health/service/payments");
        assertThat(first.query()).containsOnlyKeys("passing", "dc", "tag", "stale");
        assertThat(first.query()).containsEntry("dc", "eu-west").containsEntry("tag", "primary");
        RecordedRequest second = consul.requests("payments").get(1);
        assertThat(second.queryParameter("index")).contains(Long.toString(consul.index("payments")));
        assertThat(second.queryParameter("wait")).contains("1s");
        assertThat(second.queryParameter("stale")).contains("");
    }

    @Test
    void consistentReadsAskForThem() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        discovery(settings("nala.consul.consistency = consistent")).endpoints(PAYMENTS);
        assertThat(consul.requests("payments").get(0).query())
                .containsKey("consistent")
                .doesNotContainKey("stale");
    }

    @Test
    void followsConsulsIndexRules() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        ConsulDiscovery discovery = discovery(settings(""));
        List<Endpoint> first = discovery.endpoints(PAYMENTS);
        long startIndex = consul.index("payments");
        await().atMost(PATIENCE).until(() -> hasRequestWithIndex(startIndex));

        // Backwards (a snapshot restore): start over without index, then block on the new one.
        consul.setIndex("payments", 3);
        await().atMost(PATIENCE).until(() -> hasRequestWithIndex(3));
        List<RecordedRequest> requests = consul.requests("payments");
        int lastOld = lastIndexOf(requests, startIndex);
        assertThat(requests.get(lastOld + 1).queryParameter("index"))
                .as("the query after going backwards")
                .isEmpty();
        assertThat(requests.get(lastOld + 2).queryParameter("index")).contains("3");

        // An index of 0 is a Consul bug: it must never be sent back; 1 is sent instead.
        consul.setIndex("payments", 0);
        await().atMost(PATIENCE).until(() -> hasRequestWithIndex(1));
        assertThat(consul.requests("payments"))
                .allSatisfy(request -> request.queryParameter("index")
                        .ifPresent(index -> assertThat(Long.parseLong(index)).isGreaterThanOrEqualTo(1)));

        // Nothing changed in the membership through all this: the same list instance.
        assertThat(discovery.endpoints(PAYMENTS)).isSameAs(first);

        // And the watch still sees changes.
        consul.register("payments", "payments-2", "10.0.0.2", 8080);
        await().atMost(PATIENCE).until(() -> endpoints(discovery, PAYMENTS).size() == 2);
    }

    private boolean hasRequestWithIndex(long index) {
        return lastIndexOf(consul.requests("payments"), index) >= 0;
    }

    private static int lastIndexOf(List<RecordedRequest> requests, long index) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).queryParameter("index").equals(java.util.Optional.of(Long.toString(index)))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aReTaggedInstanceIsAChangeWithTheNewLabelsAndANewList() throws Exception {
        consul.register(
                "payments",
                ConsulStandIn.Instance.of("payments-1", "10.0.0.1", 8080)
                        .withTags("v1")
                        .withMeta(Map.of("version", "v1")));
        ConsulDiscovery discovery = discovery(settings(""));
        List<List<Endpoint>> told = Collections.synchronizedList(new ArrayList<>());
        discovery.addChangeListener((service, endpoints) -> told.add(endpoints));
        List<Endpoint> before = discovery.endpoints(PAYMENTS);
        Endpoint instance = Endpoint.of("10.0.0.1", 8080);
        assertThat(discovery.labels(PAYMENTS).get(instance))
                .isEqualTo(new InstanceLabels(Set.of("v1"), Map.of("version", "v1")));

        consul.retag("payments", "payments-1", "v2");
        await().atMost(PATIENCE)
                .until(() -> discovery.labels(PAYMENTS).get(instance).tags().equals(Set.of("v2")));
        List<Endpoint> after = discovery.endpoints(PAYMENTS);
        assertThat(after).isEqualTo(before).isNotSameAs(before);
        assertThat(told).last().isSameAs(after);

        consul.setMaintenance("payments", "payments-1", true);
        await().atMost(PATIENCE).until(() -> endpoints(discovery, PAYMENTS).isEmpty());
    }

    @Test
    void picksUpChangesWithoutARestartAndAnEmptyListIsNews() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        ConsulDiscovery discovery = discovery(settings(""));
        List<List<Endpoint>> told = Collections.synchronizedList(new ArrayList<>());
        discovery.addChangeListener((service, endpoints) -> told.add(endpoints));
        List<Endpoint> one = discovery.endpoints(PAYMENTS);
        assertThat(one).containsExactly(Endpoint.of("10.0.0.1", 8080));

        consul.register("payments", "payments-2", "10.0.0.2", 8080);
        await().atMost(PATIENCE).until(() -> endpoints(discovery, PAYMENTS).size() == 2);
        List<Endpoint> two = discovery.endpoints(PAYMENTS);
        assertThat(two).isNotSameAs(one).containsExactly(Endpoint.of("10.0.0.1", 8080), Endpoint.of("10.0.0.2", 8080));

        consul.setPassing("payments", "payments-1", false);
        await().atMost(PATIENCE)
                .until(() -> endpoints(discovery, PAYMENTS).equals(List.of(Endpoint.of("10.0.0.2", 8080))));

        // Consul is healthy and says nobody is: that replaces the cache.
        consul.deregister("payments", "payments-2");
        await().atMost(PATIENCE).until(() -> endpoints(discovery, PAYMENTS).isEmpty());

        // Told of the first answer and of every change, with the very lists endpoints() returned.
        assertThat(told).containsExactly(one, two, List.of(Endpoint.of("10.0.0.2", 8080)), List.of());
        assertThat(told.get(0)).isSameAs(one);
        assertThat(told.get(1)).isSameAs(two);
    }

    @Test
    void anAnswerWithTheSameMembersKeepsTheSameListInstance() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        consul.register("payments", "payments-2", "10.0.0.2", 8080);
        ConsulDiscovery discovery = discovery(settings(""));
        List<Endpoint> first = discovery.endpoints(PAYMENTS);
        await().atMost(PATIENCE).until(() -> consul.requestCount("payments") >= 2);

        // A change that touches neither the membership nor the tags and meta (the index moves,
        // the instances stay; a re-tag is a change, see aReTaggedInstanceIsAChange...).
        int before = consul.requestCount("payments");
        consul.register("payments", Instance.of("payments-1", "10.0.0.1", 8080).withNodeAddress("10.9.9.9"));
        await().atMost(PATIENCE).until(() -> consul.requestCount("payments") > before);
        assertThat(discovery.endpoints(PAYMENTS)).isSameAs(first);
    }

    @Test
    void theTokenTravelsOnlyAsAHeader() throws Exception {
        String token = "3d2f7a10-secret-token";
        consul.requireToken(token);
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        ConsulDiscovery discovery = discovery(settings("", Map.of("CONSUL_HTTP_TOKEN", token)));

        assertThat(discovery.endpoints(PAYMENTS)).containsExactly(Endpoint.of("10.0.0.1", 8080));
        await().atMost(PATIENCE).until(() -> consul.requestCount("payments") >= 2);
        assertThat(consul.requests()).allSatisfy(request -> {
            assertThat(request.header("X-Consul-Token")).contains(token);
            assertThat(request.rawQuery()).doesNotContain(token).doesNotContain("token");
            assertThat(request.path()).doesNotContain(token);
        });
        assertThat(discovery.describe()).doesNotContain(token);
        assertThat(logs.everything()).doesNotContain(token);
    }

    @Test
    void aRejectedTokenIsNamedButNeverShown() {
        String token = "3d2f7a10-secret-token";
        // A hostile or chatty proxy echoes the token back in its error body.
        consul.answerErrors(403, "Permission denied for token " + token);
        ConsulDiscovery discovery =
                discovery(settings("nala.consul.first-answer-timeout = 1s", Map.of("CONSUL_HTTP_TOKEN", token)));

        assertThatThrownBy(() -> discovery.endpoints(PAYMENTS))
                .isInstanceOf(ServiceDiscoveryException.class)
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("nala.consul.token")
                .hasMessageNotContaining(token);
        assertThat(logs.messages(Level.WARN, "HTTP 403")).hasSize(1);
        assertThat(logs.everything()).doesNotContain(token);
        assertThat(consul.requests())
                .allSatisfy(request -> assertThat(request.rawQuery()).doesNotContain(token));
    }

    @Test
    void servesTheLastKnownGoodListWhileConsulIsDownAndLogsOncePerOutage() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        ConsulDiscovery discovery = discovery(settings(""));
        List<Endpoint> known = discovery.endpoints(PAYMENTS);

        consul.goDown();
        // Several failed attempts, at DEBUG after the first.
        await().atMost(PATIENCE)
                .until(() -> logs.messages(Level.DEBUG, "failed again for service payments")
                                .size()
                        >= 3);
        assertThat(discovery.endpoints(PAYMENTS)).isSameAs(known);
        assertThat(logs.messages(Level.WARN, "payments"))
                .singleElement()
                .satisfies(warning -> assertThat(warning)
                        .contains("Consul at " + consul.address())
                        .contains("serving the last known 1 instance(s)"));

        consul.comeBack();
        await().atMost(PATIENCE)
                .until(() -> logs.messages(Level.INFO, "answers again for service payments")
                                .size()
                        == 1);
        assertThat(discovery.endpoints(PAYMENTS)).isSameAs(known);

        // A second outage, of another kind: Consul answers errors.
        consul.answerErrors(500, "No cluster leader");
        await().atMost(PATIENCE)
                .until(() -> logs.messages(Level.WARN, "payments").size() == 2);
        assertThat(logs.messages(Level.WARN, "payments").get(1)).contains("HTTP 500: No cluster leader");
        assertThat(discovery.endpoints(PAYMENTS)).isSameAs(known);
        consul.answerNormally();
        await().atMost(PATIENCE)
                .until(() -> logs.messages(Level.INFO, "answers again for service payments")
                                .size()
                        == 2);
        assertThat(logs.messages(Level.WARN, "payments")).hasSize(2);

        // Back to normal: changes flow again.
        consul.register("payments", "payments-2", "10.0.0.2", 8080);
        await().atMost(PATIENCE).until(() -> endpoints(discovery, PAYMENTS).size() == 2);
    }

    @Test
    void consulNeverReachedGivesAClearBoundedErrorAndRecoversLater() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        consul.goDown();
        ConsulDiscovery discovery = discovery(settings("nala.consul.first-answer-timeout = 500ms"));

        ServiceDiscoveryException error =
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> catchDiscoveryError(discovery));
        assertThat(error.service()).isEqualTo("payments");
        assertThat(error.getMessage())
                .contains("Consul at " + consul.address())
                .contains("\"payments\"")
                .contains("within 500ms (nala.consul.first-answer-timeout)");
        // Later calls do not wait again: they fail at once until Consul answers.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> catchDiscoveryError(discovery));

        consul.comeBack();
        await().atMost(PATIENCE)
                .ignoreExceptions()
                .until(() -> discovery.endpoints(PAYMENTS).equals(List.of(Endpoint.of("10.0.0.1", 8080))));
    }

    private static ServiceDiscoveryException catchDiscoveryError(ConsulDiscovery discovery) {
        try {
            discovery.endpoints(PAYMENTS);
        } catch (ServiceDiscoveryException e) {
            return e;
        }
        throw new AssertionError("expected a ServiceDiscoveryException");
    }

    @Test
    void aChurningIndexCannotMakeTheWatchHammerConsul() throws Exception {
        double perSecond = 5;
        int burst = 2;
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        consul.churn("payments", true);
        ConsulDiscovery discovery = discovery(
                settings("nala.consul.watch-rate-limit { per-second = " + perSecond + ", burst = " + burst + " }"));
        discovery.endpoints(PAYMENTS);

        int window = 12;
        await().atMost(Duration.ofSeconds(30)).until(() -> consul.requestCount("payments") >= window);
        List<RecordedRequest> requests = consul.requests("payments").subList(0, window);
        // Skip the first request (connection set-up makes its arrival time late).
        double seconds =
                (requests.get(window - 1).receivedAtNanos() - requests.get(1).receivedAtNanos()) / 1e9;
        int counted = window - 1;
        // The bucket allows `burst` at once, then `perSecond`; one more for arrival-time jitter.
        assertThat((double) counted).isLessThanOrEqualTo(burst + 1 + perSecond * seconds);
    }

    @Test
    void theHotPathNeverCallsConsul() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        ConsulDiscovery discovery = discovery(settings("nala.consul.wait = 60s"));
        List<Endpoint> first = discovery.endpoints(PAYMENTS);
        // The watch's blocking query is now held by the stand-in.
        await().atMost(PATIENCE).until(() -> consul.requestCount() == 2);

        for (int i = 0; i < 10_000; i++) {
            assertThat(discovery.endpoints(PAYMENTS)).isSameAs(first);
        }
        assertThat(consul.requestCount()).isEqualTo(2);
    }

    @Test
    void noThreadRunsBeforeAServiceIsUsedAndCloseStopsThemAll() throws Exception {
        for (String name : List.of("alpha", "beta", "gamma")) {
            consul.register(name, name + "-1", "10.0.0.1", 8080);
        }
        ConsulDiscovery discovery = discovery(settings(""));
        assertThat(watchThreads()).isEmpty();

        for (String name : List.of("alpha", "beta", "gamma")) {
            assertThat(discovery.endpoints(ServiceName.of(name))).hasSize(1);
        }
        assertThat(watchThreads())
                .extracting(Thread::getName)
                .containsExactlyInAnyOrder(
                        "nala-consul-watch-alpha", "nala-consul-watch-beta", "nala-consul-watch-gamma");
        assertThat(watchThreads())
                .allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());

        discovery.close();
        await().atMost(PATIENCE).until(() -> watchThreads().isEmpty());
        discovery.close();
        assertThatThrownBy(() -> discovery.endpoints(ServiceName.of("delta")))
                .isInstanceOf(ServiceDiscoveryException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closeAbortsAHeldBlockingQueryAtOnce() throws Exception {
        consul.register("payments", "payments-1", "10.0.0.1", 8080);
        ConsulDiscovery discovery = discovery(settings("nala.consul.wait = 60s"));
        discovery.endpoints(PAYMENTS);
        await().atMost(PATIENCE).until(() -> consul.requestCount() == 2);

        discovery.close();
        // close() waits for its threads: none is left when it returns, none had to be given up on.
        assertThat(watchThreads()).isEmpty();
        assertThat(logs.messages(Level.WARN, "did not stop")).isEmpty();
    }

    @Test
    void closeWakesACallerWaitingForTheFirstAnswer() throws Exception {
        consul.goDown();
        ConsulDiscovery discovery = discovery(settings("nala.consul.first-answer-timeout = 60s"));
        CompletableFuture<ServiceDiscoveryException> caller =
                CompletableFuture.supplyAsync(() -> catchDiscoveryError(discovery));
        await().atMost(PATIENCE).until(() -> !watchThreads().isEmpty());

        discovery.close();
        ServiceDiscoveryException error;
        try {
            error = caller.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
        assertThat(error.getMessage()).contains("closed");
        await().atMost(PATIENCE).until(() -> watchThreads().isEmpty());
    }

    static List<Thread> watchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith("nala-consul"))
                .toList();
    }
}
