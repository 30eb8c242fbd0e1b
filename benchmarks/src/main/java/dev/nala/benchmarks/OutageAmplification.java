package dev.nala.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A total upstream outage: the loopback server answers every request with {@code 503}. Each
 * contender makes the same number of logical calls and the server counts the requests that
 * reached it; requests per logical call is the load an outage multiplies onto a failing service.
 * Retry waits are 1 ms for every contender, so the run is short and the budget's per-second
 * floor weighs what it would at high traffic.
 *
 * <p>Options: {@code --calls 2000}, {@code --concurrency 4}, {@code --max-seconds 30} (per case).
 * Exits with 1 if a case made no call or the server saw no request.
 */
public final class OutageAmplification {
    private OutageAmplification() {}

    record Case(String name, Contender contender, boolean breakers) {}

    record Outcome(String name, long calls, long upstreamRequests, double seconds) {
        double perCall() {
            return calls == 0 ? 0 : (double) upstreamRequests / calls;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        int calls = options.integer("calls", 2000);
        int concurrency = options.integer("concurrency", 4);
        int maxSeconds = options.integer("max-seconds", 30);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("nala-standalone (defaults: budget + breakers)", Contender.NALA_STANDALONE, true));
        cases.add(new Case("nala-standalone (budget only, breakers off)", Contender.NALA_STANDALONE, false));
        if (options.contenders("clients").contains(Contender.NALA_MESH)) {
            cases.add(new Case("nala-mesh (one attempt; the sidecar retries)", Contender.NALA_MESH, false));
        }
        cases.add(new Case("resilience4j (retry 3 attempts, no breaker)", Contender.RESILIENCE4J, false));
        cases.add(new Case("resilience4j (retry 3 attempts + breaker)", Contender.RESILIENCE4J, true));
        cases.add(new Case("failsafe (retry 3 attempts, no breaker)", Contender.FAILSAFE, false));

        List<Outcome> outcomes = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        try (LoopbackServer server = LoopbackServer.start(503)) {
            for (Case c : cases) {
                Target target = Target.loopback(server.port())
                        .withRetryWait(Duration.ofMillis(1))
                        .withBreakers(c.breakers());
                try (BenchClient client = Clients.create(c.contender(), target)) {
                    server.resetCount();
                    outcomes.add(run(c.name(), client, calls, concurrency, maxSeconds, workers, server));
                }
            }
        } finally {
            workers.shutdownNow();
        }
        System.out.println(table(calls, concurrency, outcomes));
        boolean broken = false;
        for (Outcome outcome : outcomes) {
            if (outcome.calls() == 0 || outcome.upstreamRequests() == 0) {
                System.err.println("BROKEN: " + outcome.name() + " made " + outcome.calls()
                        + " call(s), the server saw " + outcome.upstreamRequests() + " request(s)");
                broken = true;
            }
        }
        if (broken) {
            System.exit(1);
        }
    }

    private static Outcome run(
            String name,
            BenchClient client,
            int calls,
            int concurrency,
            int maxSeconds,
            ExecutorService workers,
            LoopbackServer server)
            throws Exception {
        AtomicLong left = new AtomicLong(calls);
        AtomicLong made = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            running.add(workers.submit(() -> {
                while (left.getAndDecrement() > 0 && System.nanoTime() - end < 0) {
                    try {
                        client.get();
                    } catch (IOException e) {
                        // a breaker open or the last attempt failed: still one logical call
                    }
                    made.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get(maxSeconds + 60L, TimeUnit.SECONDS);
        }
        return new Outcome(name, made.get(), server.requests(), (System.nanoTime() - start) / 1e9);
    }

    static String table(int calls, int concurrency, List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "Total outage (every request answered 503): %d logical calls per case, %d callers%n%n",
                calls,
                concurrency));
        out.append("| client | logical calls | upstream requests | requests per call | seconds |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        for (Outcome o : outcomes) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %.2f | %.1f |%n",
                    o.name(),
                    o.calls(),
                    o.upstreamRequests(),
                    o.perCall(),
                    o.seconds()));
        }
        return out.toString();
    }
}
