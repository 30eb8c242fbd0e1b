package dev.nala.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One fork of {@link LoopbackLoad}: a JVM of its own that runs one contender against the parent's
 * server at each concurrency (an unrecorded warm-up, the whole {@code --warmup-millis} at the
 * first concurrency and a quarter of it at the others, then the recorded rounds) and reports on
 * standard output, one line each:
 * <ul>
 *   <li>{@code BEGIN <concurrency>} when the recorded rounds start (the parent counts the
 *       server's new connections from here),
 *   <li>{@code RESULT <concurrency> <counts>} when they end, the counts in
 *       {@link LoadStats#toWire()}'s form.
 * </ul>
 * Its own JVM, so that no other contender's classes pollute the JIT's profile of OkHttp's call
 * sites, as they would for every contender but one in a shared JVM.
 */
public final class LoadWorker {
    /** Upper bound of calls per worker and round, on top of the time bound. */
    private static final long MAX_CALLS_PER_ROUND = 5_000_000;

    private LoadWorker() {}

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        Contender contender = Contender.fromLabel(options.string("client", ""));
        int port = options.integer("port", 0);
        List<Integer> concurrencies = options.integers("concurrency", "1");
        int rounds = options.integer("rounds", 1);
        long roundMillis = options.integer("round-millis", 1000);
        long warmupMillis = options.integer("warmup-millis", 1000);
        int maxConcurrency = concurrencies.stream().mapToInt(Integer::intValue).max().orElse(1);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(maxConcurrency, maxConcurrency, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>());
        workers.prestartAllCoreThreads();
        try (BenchClient client = Clients.create(contender, Target.loopback(port))) {
            long warmup = warmupMillis;
            for (int concurrency : concurrencies) {
                run(workers, client, concurrency, warmup, new LoadStats("warm-up"));
                // The first warm-up of a fresh JVM is mostly the JIT's; later ones only settle the
                // new concurrency.
                warmup = warmupMillis / 4;
                System.out.println("BEGIN " + concurrency);
                System.out.flush();
                LoadStats recorded = new LoadStats(contender.label());
                for (int round = 0; round < rounds; round++) {
                    run(workers, client, concurrency, roundMillis, recorded);
                }
                System.out.println("RESULT " + concurrency + " " + recorded.toWire());
                System.out.flush();
            }
        } finally {
            workers.shutdownNow();
        }
    }

    /** One round: {@code concurrency} workers call in a loop until the round's time is up. */
    private static void run(ThreadPoolExecutor workers, BenchClient client, int concurrency, long millis, LoadStats into)
            throws Exception {
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
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
        into.addTime(System.nanoTime() - start, processCpuNanos() - cpuStart);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
