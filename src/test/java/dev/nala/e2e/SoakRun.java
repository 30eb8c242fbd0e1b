package dev.nala.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Many calls from many threads through one client, counting what the callers saw, plus the
 * numbers a leak would move: live threads, the client's connections, heap after a GC.
 */
final class SoakRun {
    private static final String SHARED_POOL_CLOSER = "OkHttp ConnectionPool connection closer";

    private SoakRun() {}

    record Result(int calls, int errors, List<String> sampleErrors) {
        double errorRate() {
            return (double) errors / calls;
        }
    }

    /** Makes exactly {@code calls} GETs of {@code url}, {@code callers} at a time; anything but a 2xx is an error. */
    static Result run(OkHttpClient client, String url, int calls, int callers) throws Exception {
        AtomicInteger tickets = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Queue<String> samples = new ConcurrentLinkedQueue<>();
        Request request = new Request.Builder().url(url).build();
        ExecutorService pool = Executors.newFixedThreadPool(callers, task -> new Thread(task, "soak-caller"));
        try {
            List<Future<?>> done = IntStream.range(0, callers)
                    .<Future<?>>mapToObj(i -> pool.submit(() -> {
                        while (tickets.incrementAndGet() <= calls) {
                            String error = null;
                            try (Response response = client.newCall(request).execute()) {
                                response.body().bytes();
                                if (!response.isSuccessful()) {
                                    error = "HTTP " + response.code();
                                }
                            } catch (IOException e) {
                                error = e.toString();
                            }
                            if (error != null && errors.incrementAndGet() <= 20) {
                                samples.add(error);
                            }
                        }
                    }))
                    .toList();
            for (Future<?> caller : done) {
                caller.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        return new Result(calls, errors.get(), List.copyOf(samples));
    }

    /**
     * Live threads, leaving out the two process-wide ones OkHttp and Okio share between all clients
     * ({@code OkHttp TaskRunner}, {@code Okio Watchdog}): they belong to no client and end by
     * themselves after about a minute idle. A TaskRunner thread takes the name of the task it runs,
     * so while it closes idle connections (of any pool in the JVM) it is
     * {@code OkHttp ConnectionPool connection closer}, and is left out under that name too.
     */
    static long liveThreadsExceptSharedOkHttpThreads() {
        return threadNames().size();
    }

    /** The names of the threads {@link #liveThreadsExceptSharedOkHttpThreads()} counts, sorted. */
    static List<String> threadNames() {
        return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
                .map(thread -> thread.getThreadName())
                .filter(name -> !name.startsWith("OkHttp TaskRunner")
                        && !name.equals(SHARED_POOL_CLOSER)
                        && !name.equals("Okio Watchdog"))
                .sorted()
                .toList();
    }

    /** The threads not in {@code before} (names counted with repeats), for messages. */
    static List<String> newThreads(List<String> before) {
        List<String> extra = new ArrayList<>(threadNames());
        before.forEach(extra::remove);
        return extra;
    }

    /** Heap in use after asking for a collection; a rough figure, for a generous bound only. */
    static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            memory.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
