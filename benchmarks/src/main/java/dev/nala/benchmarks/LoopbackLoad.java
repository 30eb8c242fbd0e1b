package dev.nala.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Keep-alive GETs from every contender to one {@link LoopbackServer}, at each concurrency, in
 * alternating rounds (A B C D E A B C D E ...) so that the machine's drift hits all of them alike.
 * Prints one Markdown table per concurrency with ratios to raw OkHttp, and exits with 1 if any
 * contender had a failed call or no call at all (a broken harness, not a slow client).
 *
 * <p>Options: {@code --concurrency 1,8,64}, {@code --rounds 3}, {@code --round-millis 1000},
 * {@code --warmup-millis 1000} (per contender and concurrency, not recorded),
 * {@code --clients raw-okhttp,nala-mesh,...}. Mesh mode calls
 * {@code bench-service.default.svc.cluster.local}, which must resolve to 127.0.0.1: run with
 * {@code -Djdk.net.hosts.file=...} as {@code benchmarks/run.sh} does.
 */
public final class LoopbackLoad {
    static final String MESH_HOST = Target.SERVICE + ".default.svc.cluster.local";
    /** Upper bound of calls per worker and round, on top of the time bound. */
    private static final long MAX_CALLS_PER_ROUND = 5_000_000;

    private LoopbackLoad() {}

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        List<Integer> concurrencies = options.integers("concurrency", "1,8,64");
        int rounds = options.integer("rounds", 3);
        long roundMillis = options.integer("round-millis", 1000);
        long warmupMillis = options.integer("warmup-millis", 1000);
        List<Contender> contenders = options.contenders("clients");
        if (contenders.contains(Contender.NALA_MESH)) {
            checkMeshHostResolves();
        }
        List<String> problems = new ArrayList<>();
        int maxConcurrency = concurrencies.stream().mapToInt(Integer::intValue).max().orElse(1);
        ExecutorService workers = Executors.newFixedThreadPool(maxConcurrency);
        try (LoopbackServer server = LoopbackServer.start(200)) {
            Map<Contender, BenchClient> clients = new LinkedHashMap<>();
            for (Contender contender : contenders) {
                clients.put(contender, Clients.create(contender, Target.loopback(server.port())));
            }
            try {
                System.out.printf("Loopback load: %d round(s) of %d ms per client and concurrency, %d ms warm-up%n%n",
                        rounds, roundMillis, warmupMillis);
                for (int concurrency : concurrencies) {
                    Map<Contender, LoadStats> stats = new LinkedHashMap<>();
                    for (Contender contender : contenders) {
                        stats.put(contender, new LoadStats(contender.label()));
                        run(workers, clients.get(contender), concurrency, warmupMillis, new LoadStats("warm-up"));
                    }
                    for (int round = 0; round < rounds; round++) {
                        for (Contender contender : contenders) {
                            long connectionsBefore = server.connections();
                            run(workers, clients.get(contender), concurrency, roundMillis, stats.get(contender));
                            stats.get(contender).addConnections(server.connections() - connectionsBefore);
                        }
                    }
                    List<LoadStats.Summary> rows = stats.values().stream().map(LoadStats::summary).toList();
                    System.out.println(LoadReport.table(concurrency, rows));
                    rows.stream().map(LoadStats.Summary::problem).filter(p -> p != null)
                            .forEach(p -> problems.add("concurrency " + concurrency + ": " + p));
                }
            } finally {
                clients.values().forEach(BenchClient::close);
            }
        } finally {
            workers.shutdownNow();
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("BROKEN: " + p));
            System.exit(1);
        }
    }

    /** One round: {@code concurrency} workers call in a loop until the round's time is up. */
    static void run(ExecutorService workers, BenchClient client, int concurrency, long millis, LoadStats into)
            throws Exception {
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        List<Future<?>> running = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            running.add(workers.submit(() -> {
                Histogram latency = new Histogram(3);
                long calls = 0;
                long errors = 0;
                for (long n = 0; n < MAX_CALLS_PER_ROUND; n++) {
                    long before = System.nanoTime();
                    if (before - end >= 0) {
                        break;
                    }
                    try {
                        if (client.get() == 200) {
                            latency.recordValue(System.nanoTime() - before);
                            calls++;
                        } else {
                            errors++;
                        }
                    } catch (IOException e) {
                        errors++;
                    }
                }
                into.add(latency, calls, errors);
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get(millis + 60_000, TimeUnit.MILLISECONDS);
        }
        into.addTime(System.nanoTime() - start);
    }

    private static void checkMeshHostResolves() {
        try {
            if (InetAddress.getByName(MESH_HOST).isLoopbackAddress()) {
                return;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("Mesh mode calls " + MESH_HOST + ", which must resolve to 127.0.0.1: start the JVM"
                + " with -Djdk.net.hosts.file=<a file with \"127.0.0.1 " + MESH_HOST + "\"> (benchmarks/run.sh does)");
    }
}
