package dev.nala.e2e.realservers;

import static org.awaitility.Awaitility.await;

import dev.nala.e2e.support.RequestLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the paced calls of every {@link Scenario} against one server, all scenarios in the same
 * waves ({@link Pacing}), and gathers what each showed. Bounded: a fixed number of waves, each
 * given at most {@link #WAVE_TIMEOUT}.
 */
final class PacedRun {
    /** At least this many calls per scenario, so per server and mode 200 GETs and 200 POSTs. */
    static final int MIN_CALLS_PER_SCENARIO = 200;
    /** A wave's calls each have the default 10 s call deadline; this only catches a stuck harness. */
    private static final Duration WAVE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(PacedRun.class);

    private PacedRun() {}

    /**
     * Calls the server listening on {@code port} (the server itself, or the sidecar in front of
     * it) in every scenario, and reads the requests per path that reached it from {@code requests}.
     *
     * @param server the server's name in the log lines
     */
    static Map<Scenario, ScenarioResult> run(String server, int port, RequestLog requests, Pacing pacing)
            throws Exception {
        if (pacing.callsPerScenario() < MIN_CALLS_PER_SCENARIO) {
            throw new IllegalArgumentException("pacing makes " + pacing.callsPerScenario()
                    + " calls per scenario, fewer than " + MIN_CALLS_PER_SCENARIO);
        }
        Map<Scenario, ClientUnderTest> clients = new LinkedHashMap<>();
        Map<Scenario, List<CallOutcome>> outcomes = new LinkedHashMap<>();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(Scenario.ALL.size() * pacing.callersPerWave(), task -> {
            Thread thread = new Thread(task, "real-servers-caller-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long started = System.nanoTime();
        List<Long> gapsMillis = new ArrayList<>();
        List<Long> wavesMillis = new ArrayList<>();
        try {
            for (Scenario scenario : Scenario.ALL) {
                clients.put(scenario, new ClientUnderTest(scenario.mode(), port));
                outcomes.put(scenario, Collections.synchronizedList(new ArrayList<>()));
            }
            long waveEnded = 0;
            for (int wave = 0; wave < pacing.waves(); wave++) {
                if (wave > 0) {
                    pacing.beforeWave().run(wave);
                    long gapEnds = waveEnded
                            + pacing.gapAfter(wave - 1, Duration.ofMillis(wavesMillis.get(wave - 1)))
                                    .toNanos();
                    long left = gapEnds - System.nanoTime();
                    if (left > 0) {
                        TimeUnit.NANOSECONDS.sleep(left);
                    }
                    gapsMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waveEnded));
                }
                long waveStarted = System.nanoTime();
                runWave(wave, pacing.callersPerWave(), clients, outcomes, callers);
                waveEnded = System.nanoTime();
                wavesMillis.add(TimeUnit.NANOSECONDS.toMillis(waveEnded - waveStarted));
            }
            awaitLogged(requests, outcomes);
            Map<Scenario, ScenarioResult> results = new LinkedHashMap<>();
            for (Scenario scenario : Scenario.ALL) {
                ClientUnderTest client = clients.get(scenario);
                results.put(
                        scenario,
                        new ScenarioResult(
                                server,
                                scenario,
                                List.copyOf(outcomes.get(scenario)),
                                client.counter(ScenarioResult.RESENDS),
                                client.counter(ScenarioResult.BREAKER_TRANSITIONS),
                                client.counter(ScenarioResult.EJECTIONS),
                                requests.requestsByPath(scenario.pathPrefix()),
                                requests.requestsByConnection(scenario.pathPrefix())));
            }
            log.info(
                    "real servers: {}: {} waves of {} calls per scenario ({} scenarios), gaps {} ms (planned {}), waves took {} ms, {} s in all",
                    server,
                    pacing.waves(),
                    pacing.callersPerWave(),
                    Scenario.ALL.size(),
                    gapsMillis,
                    pacing.gaps().stream().map(Duration::toMillis).toList(),
                    wavesMillis,
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
            results.values().forEach(result -> log.info(result.details()));
            return results;
        } finally {
            callers.shutdownNow();
            clients.values().forEach(ClientUnderTest::close);
        }
    }

    private static void runWave(
            int wave,
            int callersPerWave,
            Map<Scenario, ClientUnderTest> clients,
            Map<Scenario, List<CallOutcome>> outcomes,
            ExecutorService callers)
            throws InterruptedException {
        List<Callable<CallOutcome>> calls = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        for (Scenario scenario : Scenario.ALL) {
            ClientUnderTest client = clients.get(scenario);
            for (int caller = 0; caller < callersPerWave; caller++) {
                String path = scenario.path(wave * callersPerWave + caller);
                calls.add(() -> client.call(scenario.method(), path));
                scenarios.add(scenario);
            }
        }
        List<Future<CallOutcome>> done = callers.invokeAll(calls, WAVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < done.size(); i++) {
            try {
                outcomes.get(scenarios.get(i)).add(done.get(i).get());
            } catch (CancellationException | ExecutionException e) {
                throw new IllegalStateException(
                        "wave " + wave + ": a call did not finish within " + WAVE_TIMEOUT
                                + " (the harness, not a caller's error)",
                        e);
            }
        }
    }

    /**
     * Waits (bounded) until the server has logged every call that succeeded: nginx writes its
     * access log line after the response. A call whose request is still missing afterwards fails
     * the per-path check, which names it.
     */
    private static void awaitLogged(RequestLog requests, Map<Scenario, List<CallOutcome>> outcomes) {
        Set<String> answered = outcomes.values().stream()
                .flatMap(List::stream)
                .filter(CallOutcome::succeeded)
                .map(CallOutcome::path)
                .collect(Collectors.toSet());
        try {
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> requests.entries().stream()
                            .map(RequestLog.Entry::path)
                            .collect(Collectors.toSet())
                            .containsAll(answered));
        } catch (ConditionTimeoutException e) {
            log.warn("real servers: some answered calls are not in the server's log {} after 10 s", requests);
        }
    }
}
