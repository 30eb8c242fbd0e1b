package dev.nala.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One client of {@link LoopbackLoad} in a JVM of its own, driven by the parent through standard
 * input, one command per line, and answering each on standard output (the concurrency is callers
 * in a loop with {@code --api execute}, the default, or calls in flight with
 * {@code --api enqueue}: see {@link EnqueuedCalls}):
 * <ul>
 *   <li>at start, once its client is built: {@code READY};
 *   <li>{@code WARM <concurrency> <millis>}: calls for that long, records nothing, answers {@code WARM};
 *   <li>{@code ROUND <concurrency> <millis>}: calls for that long and answers
 *       {@code RESULT <counts>}, the counts in {@link LoadStats#toWire()}'s form;
 *   <li>{@code EXIT}, or the end of its input: closes the client and ends.
 * </ul>
 * Its own JVM, so that no other contender's classes pollute the JIT's profile of OkHttp's call
 * sites, as they would for every contender but one in a shared JVM; it idles, warm, while the
 * parent runs the other clients' rounds.
 */
public final class LoadWorker {
    /** Upper bound of calls per caller and round, on top of the time bound. */
    private static final long MAX_CALLS_PER_ROUND = 5_000_000;

    private LoadWorker() {}

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        Contender contender = Contender.fromLabel(options.string("client", ""));
        int port = options.integer("port", 0);
        int maxConcurrency = options.integer("max-concurrency", 64);
        CallApi api = CallApi.fromOption(options.string("api", CallApi.EXECUTE.option()));
        // Enqueued calls run on the client's own dispatcher threads: no caller thread is needed.
        int callers = api == CallApi.EXECUTE ? maxConcurrency : 0;
        ThreadPoolExecutor workers =
                new ThreadPoolExecutor(callers, Math.max(1, callers), 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        workers.prestartAllCoreThreads();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (BenchClient client = Clients.create(contender, Target.loopback(port))) {
            answer("READY");
            String line;
            while ((line = commands.readLine()) != null && !line.equals("EXIT")) {
                String[] fields = line.split(" ");
                if (fields.length != 3 || !(fields[0].equals("WARM") || fields[0].equals("ROUND"))) {
                    throw new IllegalArgumentException(
                            "Unknown command \"" + line + "\"; expected WARM|ROUND <concurrency> <millis>, or EXIT");
                }
                int concurrency = Integer.parseInt(fields[1]);
                if (concurrency < 1 || concurrency > maxConcurrency) {
                    throw new IllegalArgumentException(
                            "Concurrency " + concurrency + " is outside 1.." + maxConcurrency);
                }
                LoadStats stats = new LoadStats(contender.label());
                long millis = Long.parseLong(fields[2]);
                if (api == CallApi.ENQUEUE) {
                    EnqueuedCalls.run(client, concurrency, millis, stats);
                } else {
                    run(workers, client, concurrency, millis, stats);
                }
                answer(fields[0].equals("WARM") ? "WARM" : "RESULT " + stats.toWire());
            }
        } finally {
            workers.shutdownNow();
        }
    }

    private static void answer(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** One round: {@code concurrency} callers call in a loop, with {@code execute()}, until the round's time is up. */
    static void run(ThreadPoolExecutor workers, BenchClient client, int concurrency, long millis, LoadStats into)
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

    /** CPU time of this whole JVM so far, every thread's. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
