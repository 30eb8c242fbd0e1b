package dev.nala.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keep-alive GETs from every contender to one {@link LoopbackServer} in this JVM, at each
 * concurrency. Each contender runs in a JVM of its own ({@link LoadWorker}, started once and kept
 * warm, so no contender shares the JIT's profile with another), and only one of them calls at a
 * time: for each concurrency every client warms up, then the clients take turns, one round each
 * per cycle, the order rotating by one place per cycle (A B C, B C A, C A B ...). Short rounds in
 * many cycles put every client under the machine's same drift, and each round of a client can be
 * paired with raw OkHttp's round of the same cycle. Prints one Markdown table per concurrency with
 * ratios to raw OkHttp, and exits with 1 if any contender had a failed call or no call at all, or
 * a fork failed (a broken harness, not a slow client).
 *
 * <p>With {@code --api enqueue} the clients make their calls with OkHttp's {@code enqueue()}
 * instead of {@code execute()}, and the concurrency is the calls they keep in flight
 * ({@link EnqueuedCalls}); every client then has a dispatcher with the limits of a Nala factory's
 * client ({@link Clients}), so that calls beyond them wait in its queue alike for all.
 *
 * <p>Options: {@code --concurrency 1,8,64}, {@code --rounds 3} (cycles per concurrency),
 * {@code --round-millis 1000}, {@code --warmup-millis 1000} (each client's first warm-up, for the
 * JIT; a quarter of it at each later concurrency), {@code --clients raw-okhttp,nala-mesh,...},
 * {@code --api execute|enqueue}. The forks get this JVM's options; mesh mode calls
 * {@code bench-service.default.svc.cluster.local}, which must resolve to 127.0.0.1: run with
 * {@code -Djdk.net.hosts.file=...} as {@code benchmarks/run.sh} does.
 */
public final class LoopbackLoad {
    static final String MESH_HOST = Target.SERVICE + ".default.svc.cluster.local";

    private LoopbackLoad() {}

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        List<Integer> concurrencies = options.integers("concurrency", "1,8,64");
        int rounds = options.integer("rounds", 3);
        long roundMillis = options.integer("round-millis", 1000);
        long warmupMillis = options.integer("warmup-millis", 1000);
        List<Contender> contenders = options.contenders("clients");
        CallApi api = CallApi.fromOption(options.string("api", CallApi.EXECUTE.option()));
        if (contenders.contains(Contender.NALA_MESH)) {
            checkMeshHostResolves();
        }
        int maxConcurrency =
                concurrencies.stream().mapToInt(Integer::intValue).max().orElse(1);
        Map<Integer, Map<Contender, LoadStats>> stats = new LinkedHashMap<>();
        Map<Integer, Map<String, List<LoadStats.Summary>>> cycleSummaries = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        System.out.printf(
                "Loopback load%s: each client in a JVM of its own, one client calling at a time; per concurrency a"
                        + " warm-up per client (%d ms at the first concurrency, %d ms later), then %d cycle(s) of one %d ms round"
                        + " per client%n%n",
                api == CallApi.ENQUEUE ? " with enqueue(), the concurrency being calls in flight" : "",
                warmupMillis,
                warmupMillis / 4,
                rounds,
                roundMillis);
        try (LoopbackServer server = LoopbackServer.start(200)) {
            List<LoadFork> forks = new ArrayList<>();
            try {
                for (Contender contender : contenders) {
                    forks.add(LoadFork.start(contender, server.port(), maxConcurrency, api));
                }
                long warmup = warmupMillis;
                for (int concurrency : concurrencies) {
                    Map<Contender, LoadStats> byContender = new LinkedHashMap<>();
                    contenders.forEach(contender -> byContender.put(contender, new LoadStats(contender.label())));
                    stats.put(concurrency, byContender);
                    Map<String, List<LoadStats.Summary>> byCycle = new LinkedHashMap<>();
                    cycleSummaries.put(concurrency, byCycle);
                    for (LoadFork fork : forks) {
                        fork.warm(concurrency, warmup);
                    }
                    // The first warm-up of a fresh JVM is mostly the JIT's; later ones only settle the new concurrency.
                    warmup = warmupMillis / 4;
                    for (int cycle = 0; cycle < rounds; cycle++) {
                        for (LoadFork fork : cycleOrder(forks, cycle)) {
                            long connectionsBefore = server.connections();
                            LoadStats round = fork.round(concurrency, roundMillis);
                            round.addConnections(server.connections() - connectionsBefore);
                            byContender.get(fork.contender()).add(round);
                            byCycle.computeIfAbsent(fork.contender().label(), c -> new ArrayList<>())
                                    .add(round.summary());
                        }
                    }
                }
            } catch (IOException e) {
                problems.add(e.getMessage());
            } finally {
                for (LoadFork fork : forks) {
                    try {
                        fork.close();
                    } catch (IOException e) {
                        problems.add(e.getMessage());
                    }
                }
            }
        }
        for (Map.Entry<Integer, Map<Contender, LoadStats>> concurrency : stats.entrySet()) {
            List<LoadStats.Summary> rows = concurrency.getValue().values().stream()
                    .map(LoadStats::summary)
                    .toList();
            String loadName = api == CallApi.ENQUEUE ? "in flight" : "concurrency";
            System.out.println(
                    LoadReport.table(loadName, concurrency.getKey(), rows, cycleSummaries.get(concurrency.getKey())));
            rows.stream()
                    .map(LoadStats.Summary::problem)
                    .filter(p -> p != null)
                    .forEach(p -> problems.add("concurrency " + concurrency.getKey() + ": " + p));
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("BROKEN: " + p));
            System.exit(1);
        }
    }

    /**
     * The order of the clients in cycle {@code cycle}: rotated by one place per cycle
     * (A B C, then B C A, then C A B ...), so that no client always runs right after the same one
     * or at the same place in the cycle. In one run the place alone moved a client by 10 to 25 %.
     */
    static <T> List<T> cycleOrder(List<T> contenders, int cycle) {
        List<T> order = new ArrayList<>(contenders);
        if (!order.isEmpty()) {
            Collections.rotate(order, -(cycle % order.size()));
        }
        return order;
    }

    private static void checkMeshHostResolves() {
        try {
            if (InetAddress.getByName(MESH_HOST).isLoopbackAddress()) {
                return;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("Mesh mode calls " + MESH_HOST
                + ", which must resolve to 127.0.0.1: start the JVM"
                + " with -Djdk.net.hosts.file=<a file with \"127.0.0.1 " + MESH_HOST + "\"> (benchmarks/run.sh does)");
    }
}
