package dev.nala.benchmarks;

import dev.nala.NalaConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One slow instance among three: {@code bench-service} is three {@link LoopbackServer}s, two
 * answering in {@code --fast-millis 5} and one in {@code --slow-millis 50}, and each
 * {@link UpstreamCase} calls it from {@code --callers 8} threads with {@code execute()}, each
 * making its next call as soon as the last one completed. Per case, a fresh client warms up
 * ({@code --warmup-millis 3000}), then is measured ({@code --steady-millis 10000}): throughput,
 * latency, and the share of the requests each instance received, counted at the servers. Then
 * the slow instance turns fast, the callers go on for {@code --recovery-millis 5000}, and the
 * slow instance's share is read every {@code --window-millis 250}: how soon the client gives it
 * its share back. {@code --cases} picks the cases (all by default).
 *
 * <p>The clients run in this JVM, one case after another: the latencies are milliseconds, set by
 * the servers' delays, so what the clients' code costs (microseconds), and the JIT profiles they
 * would share with other cases in one JVM, hardly shows. A case whose setting this build of Nala
 * does not have (refused as unknown) is left out and named. Exits with 1 if a case had a failed
 * call or no call at all (a broken harness, not a slow client).
 */
public final class SlowUpstream {
    /** The instance that answers slowly, in {@link Target#ports()}'s order; the others are fast. */
    static final int SLOW = 2;

    private static final int INSTANCES = 3;

    private SlowUpstream() {}

    /** What one case did: its measured calls, the instances' shares of them, and the recovery windows. */
    record Outcome(
            UpstreamCase upstreamCase,
            LoadStats.Summary steady,
            long[] requestsPerInstance,
            List<long[]> recoveryWindows,
            LoadStats.Summary recovery) {}

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        int callers = options.integer("callers", 8);
        Duration fast = Duration.ofMillis(options.integer("fast-millis", 5));
        Duration slow = Duration.ofMillis(options.integer("slow-millis", 50));
        long warmupMillis = options.integer("warmup-millis", 3000);
        long steadyMillis = options.integer("steady-millis", 10000);
        long recoveryMillis = options.integer("recovery-millis", 5000);
        long windowMillis = options.integer("window-millis", 250);
        double recoveredShare = options.integer("recovered-percent", 25) / 100.0;
        List<UpstreamCase> cases = UpstreamCase.fromLabels(options.string("cases", UpstreamCase.allLabels()));
        if (windowMillis < 1) {
            throw new IllegalArgumentException("--window-millis must be 1 or more");
        }

        System.out.printf(
                Locale.ROOT,
                "Three instances of bench-service on loopback, two answering in %d ms and one in %d ms;"
                        + " %d callers with execute(), each calling again as soon as its call completed. Per case a fresh client,"
                        + " %d ms of warm-up, then %d ms measured; then the slow instance answers in %d ms too, and its share is"
                        + " read every %d ms for %d ms.%n%n",
                fast.toMillis(),
                slow.toMillis(),
                callers,
                warmupMillis,
                steadyMillis,
                fast.toMillis(),
                windowMillis,
                recoveryMillis);

        List<Outcome> outcomes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        ThreadPoolExecutor workers =
                new ThreadPoolExecutor(callers, callers, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        workers.prestartAllCoreThreads();
        ExecutorService background = Executors.newSingleThreadExecutor();
        List<LoopbackServer> servers = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                LoopbackServer server = LoopbackServer.start(200);
                servers.add(server);
                ports.add(server.port());
            }
            Target target = Target.loopback(ports);
            for (UpstreamCase upstreamCase : cases) {
                for (int i = 0; i < INSTANCES; i++) {
                    servers.get(i).setDelay(i == SLOW ? slow : fast);
                }
                BenchClient client;
                try {
                    client = Clients.create(
                            upstreamCase.contender(), target.withServiceSettings(upstreamCase.serviceSettings()));
                } catch (NalaConfigurationException e) {
                    if (!upstreamCase.refusedAsUnknown(e.getMessage())) {
                        throw e;
                    }
                    notes.add(upstreamCase.label() + " left out: this build of Nala refuses `"
                            + upstreamCase.serviceSettings() + "` ("
                            + e.getMessage().lines().findFirst().orElse("") + ")");
                    continue;
                }
                try (client) {
                    LoadWorker.run(workers, client, callers, warmupMillis, new LoadStats(upstreamCase.label()));
                    InstanceShares shares = new InstanceShares(servers);
                    LoadStats steady = new LoadStats(upstreamCase.label());
                    LoadWorker.run(workers, client, callers, steadyMillis, steady);
                    long[] requests = shares.next();
                    LoadStats recovery = new LoadStats(upstreamCase.label() + " (recovery)");
                    List<long[]> windows = upstreamCase.isReference() || recoveryMillis <= 0
                            ? List.of()
                            : recover(
                                    client,
                                    workers,
                                    background,
                                    callers,
                                    recoveryMillis,
                                    windowMillis,
                                    servers,
                                    fast,
                                    recovery);
                    outcomes.add(new Outcome(upstreamCase, steady.summary(), requests, windows, recovery.summary()));
                }
            }
        } finally {
            for (LoopbackServer server : servers) {
                server.close();
            }
            workers.shutdownNow();
            background.shutdownNow();
        }

        System.out.println(SlowUpstreamReport.steadyTable(outcomes));
        notes.forEach(note -> System.out.println("- " + note));
        if (!notes.isEmpty()) {
            System.out.println();
        }
        System.out.println(SlowUpstreamReport.recoveryTable(outcomes, windowMillis, recoveredShare));
        List<String> problems = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            addProblem(problems, outcome.steady().problem());
            if (!outcome.recoveryWindows().isEmpty()) {
                addProblem(problems, outcome.recovery().problem());
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("BROKEN: " + p));
            System.exit(1);
        }
    }

    private static void addProblem(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    /**
     * Makes the slow instance fast and calls on for {@code millis}, reading the requests each
     * instance received in every window of {@code windowMillis}; the calls' own figures go to
     * {@code into}.
     */
    private static List<long[]> recover(
            BenchClient client,
            ThreadPoolExecutor workers,
            ExecutorService background,
            int callers,
            long millis,
            long windowMillis,
            List<LoopbackServer> servers,
            Duration fast,
            LoadStats into)
            throws Exception {
        InstanceShares shares = new InstanceShares(servers);
        servers.get(SLOW).setDelay(fast);
        long start = System.nanoTime();
        Future<?> calling = background.submit(() -> {
            LoadWorker.run(workers, client, callers, millis, into);
            return null;
        });
        List<long[]> windows = new ArrayList<>();
        for (long i = 1; i * windowMillis <= millis; i++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos(i * windowMillis);
            long left;
            while ((left = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
            }
            windows.add(shares.next());
        }
        calling.get(millis + 60_000, TimeUnit.MILLISECONDS);
        return windows;
    }
}
