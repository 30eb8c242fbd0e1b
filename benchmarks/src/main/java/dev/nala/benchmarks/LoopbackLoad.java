package dev.nala.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Keep-alive GETs from every contender to one {@link LoopbackServer} in this JVM, at each
 * concurrency. Each contender runs in forks of its own ({@link LoadWorker}, one JVM per fork, so
 * no contender shares the JIT's profile with another), and the forks alternate in cycles whose
 * order rotates (A B C, B C A, C A B ...) so that the machine's drift hits all of them alike. Prints one
 * Markdown table per concurrency with ratios to raw OkHttp (all forks together, and the range of
 * one fork against the raw OkHttp fork of its cycle), and exits with 1 if any contender had
 * a failed call or no call at all, or a fork failed (a broken harness, not a slow client).
 *
 * <p>Options: {@code --forks 2} per contender, {@code --concurrency 1,8,64},
 * {@code --rounds 1} recorded rounds per fork and concurrency, {@code --round-millis 1000},
 * {@code --warmup-millis 1000} (not recorded: in each fork, at the first concurrency; a quarter
 * of it at the others),
 * {@code --clients raw-okhttp,nala-mesh,...}. The forks get this JVM's options; mesh mode calls
 * {@code bench-service.default.svc.cluster.local}, which must resolve to 127.0.0.1: run with
 * {@code -Djdk.net.hosts.file=...} as {@code benchmarks/run.sh} does.
 */
public final class LoopbackLoad {
    static final String MESH_HOST = Target.SERVICE + ".default.svc.cluster.local";

    private LoopbackLoad() {}

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        int forks = options.integer("forks", 2);
        List<Integer> concurrencies = options.integers("concurrency", "1,8,64");
        int rounds = options.integer("rounds", 1);
        long roundMillis = options.integer("round-millis", 1000);
        long warmupMillis = options.integer("warmup-millis", 1000);
        List<Contender> contenders = options.contenders("clients");
        if (contenders.contains(Contender.NALA_MESH)) {
            checkMeshHostResolves();
        }
        Map<Integer, Map<Contender, LoadStats>> stats = new LinkedHashMap<>();
        Map<Integer, Map<String, List<LoadStats.Summary>>> forkSummaries = new LinkedHashMap<>();
        for (int concurrency : concurrencies) {
            Map<Contender, LoadStats> byContender = new LinkedHashMap<>();
            contenders.forEach(contender -> byContender.put(contender, new LoadStats(contender.label())));
            stats.put(concurrency, byContender);
            forkSummaries.put(concurrency, new LinkedHashMap<>());
        }
        List<String> problems = new ArrayList<>();
        try (LoopbackServer server = LoopbackServer.start(200)) {
            System.out.printf("Loopback load: %d fork(s) per client, each %d recorded round(s) of %d ms per concurrency"
                    + " after a warm-up of %d ms (the first concurrency) or %d ms%n%n", forks, rounds, roundMillis,
                    warmupMillis, warmupMillis / 4);
            for (int fork = 0; fork < forks; fork++) {
                for (Contender contender : cycleOrder(contenders, fork)) {
                    List<String> command = workerCommand(contender, server.port(), concurrencies, rounds, roundMillis,
                            warmupMillis);
                    Map<Integer, LoadStats> thisFork = new LinkedHashMap<>();
                    String problem = runFork(command, server,
                            concurrency -> thisFork.computeIfAbsent(concurrency, c -> new LoadStats(contender.label())));
                    if (problem != null) {
                        problems.add(contender.label() + ", fork " + (fork + 1) + ": " + problem);
                    }
                    thisFork.forEach((concurrency, forkStats) -> {
                        stats.get(concurrency).get(contender).add(forkStats);
                        forkSummaries.get(concurrency).computeIfAbsent(contender.label(), c -> new ArrayList<>())
                                .add(forkStats.summary());
                    });
                }
            }
        }
        for (Map.Entry<Integer, Map<Contender, LoadStats>> concurrency : stats.entrySet()) {
            List<LoadStats.Summary> rows = concurrency.getValue().values().stream().map(LoadStats::summary).toList();
            System.out.println(LoadReport.table(concurrency.getKey(), rows, forkSummaries.get(concurrency.getKey())));
            rows.stream().map(LoadStats.Summary::problem).filter(p -> p != null)
                    .forEach(p -> problems.add("concurrency " + concurrency.getKey() + ": " + p));
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("BROKEN: " + p));
            System.exit(1);
        }
    }

    /**
     * The order of the forks in cycle {@code cycle}: the contenders rotated by one place per cycle
     * (A B C, then B C A, then C A B ...), so that no client always runs right after the same one
     * or at the same place in the cycle. In one run the place alone moved a client by 10 to 25 %.
     */
    static List<Contender> cycleOrder(List<Contender> contenders, int cycle) {
        List<Contender> order = new ArrayList<>(contenders);
        if (!order.isEmpty()) {
            Collections.rotate(order, -(cycle % order.size()));
        }
        return order;
    }

    private interface StatsFor {
        LoadStats at(int concurrency);
    }

    /** Runs one fork to its end, adding what it reports; returns why it failed, or null. */
    private static String runFork(List<String> command, LoopbackServer server, StatsFor stats)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long connectionsAtBegin = 0;
        String problem = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] fields = line.split(" ", 3);
                if (fields[0].equals("BEGIN")) {
                    connectionsAtBegin = server.connections();
                } else if (fields[0].equals("RESULT") && fields.length == 3) {
                    LoadStats into = stats.at(Integer.parseInt(fields[1]));
                    into.addWire(fields[2]);
                    into.addConnections(server.connections() - connectionsAtBegin);
                } else if (problem == null) {
                    problem = "unexpected output: " + line;
                }
            }
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return "did not end within 10 minutes";
        }
        if (process.exitValue() != 0) {
            return "exited with " + process.exitValue();
        }
        return problem;
    }

    /** The same JVM, with the same options and class path, running {@link LoadWorker}. */
    private static List<String> workerCommand(Contender contender, int port, List<Integer> concurrencies, int rounds,
            long roundMillis, long warmupMillis) {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LoadWorker.class.getName());
        command.addAll(List.of("--client", contender.label(), "--port", Integer.toString(port),
                "--concurrency", concurrencies.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--rounds", Integer.toString(rounds),
                "--round-millis", Long.toString(roundMillis), "--warmup-millis", Long.toString(warmupMillis)));
        return command;
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
