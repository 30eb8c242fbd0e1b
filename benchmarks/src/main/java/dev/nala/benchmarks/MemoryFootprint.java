package dev.nala.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Retained heap of standalone mode per service and per endpoint: a factory with
 * {@code --services 1000} statically discovered services is built, then each service is called
 * once through a canned answer, which creates its endpoint pool, circuit breaker, retry policy
 * and budget. Heap in use is read after full collections before the factory, after building it,
 * and after the calls; the same again (the first factory still open) with {@code --endpoints 50} per service instead of 1 gives
 * the cost of one more endpoint. Run it with {@code -XX:+UseSerialGC} for steady readings.
 */
public final class MemoryFootprint {
    private MemoryFootprint() {}

    /** Heap in use before building a factory, after building it, and after calling each service once. */
    record Reading(int endpointsPerService, long before, long built, long called) {}

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        int services = options.integer("services", 1000);
        int manyEndpoints = options.integer("endpoints", 50);
        // Every factory stays open until the end, so nothing is freed between readings. The first
        // is not recorded: it also pays for one-time static state (class caches, defaults).
        List<HttpClientFactory> open = new ArrayList<>();
        try {
            measure(services, 1, open);
            Reading one = measure(services, 1, open);
            Reading many = measure(services, manyEndpoints, open);
            // A reading now and then takes in a couple of megabytes from elsewhere in the JVM, which
            // at --services 100 outweighs the difference measured; such a pair is measured again.
            for (int again = 0; again < 2 && !grows(one, many); again++) {
                System.err.println("Heap readings did not grow with endpoints, measuring again: " + one + " " + many);
                one = measure(services, 1, open);
                many = measure(services, manyEndpoints, open);
            }
            System.out.println(table(services, one, many));
            if (!grows(one, many)) {
                System.err.println(
                        "BROKEN: heap readings do not grow with services and endpoints: " + one + " " + many);
                System.exit(1);
            }
        } finally {
            open.forEach(HttpClientFactory::close);
        }
    }

    private static boolean grows(Reading one, Reading many) {
        long oneGrowth = one.called() - one.before();
        return oneGrowth > 0 && many.called() - many.before() > oneGrowth;
    }

    private static Reading measure(int services, int endpointsPerService, List<HttpClientFactory> open)
            throws Exception {
        long before = usedAfterGc();
        HttpClientFactory factory = HttpClientFactory.builder()
                .mode(DeploymentMode.STANDALONE)
                .config(config(services, endpointsPerService))
                .environment(Environment.of(Map.of()))
                .openTelemetry(OpenTelemetry.noop())
                .build();
        open.add(factory);
        OkHttpClient client =
                factory.client().newBuilder().addInterceptor(CannedResponse.OK).build();
        long built = usedAfterGc();
        for (int s = 0; s < services; s++) {
            try (Response response = client.newCall(new Request.Builder()
                            .url("http://" + name(s) + "/x")
                            .build())
                    .execute()) {
                if (response.code() != 200) {
                    throw new IllegalStateException(name(s) + " answered " + response.code());
                }
            }
        }
        long called = usedAfterGc();
        Reference.reachabilityFence(client);
        return new Reading(endpointsPerService, before, built, called);
    }

    private static Config config(int services, int endpointsPerService) {
        Map<String, Object> values = new HashMap<>();
        values.put("nala.defaults.discovery", "static");
        int address = 0;
        for (int s = 0; s < services; s++) {
            List<String> endpoints = new ArrayList<>(endpointsPerService);
            for (int e = 0; e < endpointsPerService; e++, address++) {
                endpoints.add("10." + (address >> 16 & 0xff) + "." + (address >> 8 & 0xff) + "." + (address & 0xff)
                        + ":8080");
            }
            values.put("nala.services.\"" + name(s) + "\".endpoints", endpoints);
        }
        return ConfigFactory.parseMap(values);
    }

    private static String name(int service) {
        return "service-" + service;
    }

    /** Heap in use once repeated full collections stop freeing anything. */
    static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 16 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    static String table(int services, Reading one, Reading many) {
        double perServiceState = (double) (one.called() - one.built()) / services;
        double perServiceAll = (double) (one.called() - one.before()) / services;
        double perEndpoint = (double) ((many.called() - many.before()) - (one.called() - one.before()))
                / ((long) services * (many.endpointsPerService() - one.endpointsPerService()));
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "Retained heap, standalone, %d services (static discovery, each called once)%n%n",
                services));
        out.append("| what | bytes |\n|---|---:|\n");
        out.append(String.format(
                Locale.ROOT,
                "| per service: call-time state (pool, breaker, retry policy, budget) | %.0f |%n",
                perServiceState));
        out.append(
                String.format(Locale.ROOT, "| per service: with its settings, 1 endpoint | %.0f |%n", perServiceAll));
        out.append(String.format(
                Locale.ROOT,
                "| per extra endpoint (settings + balancer state), %d vs %d per service | %.0f |%n",
                many.endpointsPerService(),
                one.endpointsPerService(),
                perEndpoint));
        out.append(String.format(
                Locale.ROOT,
                "| factory with %d services of 1 endpoint, all called | %d |%n",
                services,
                one.called() - one.before()));
        return out.toString();
    }
}
