package dev.nala.benchmarks;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.HttpClientFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The burst: 40 calls made with {@code enqueue()} at once to one service whose instances
 * answer in 300 ms, timed from the first {@code enqueue()} to the last answer. Nala in each mode
 * with its default settings (standalone: two instances from a static list; mesh: the service's
 * Kubernetes name, which {@code benchmarks/run.sh} resolves to 127.0.0.1, on one instance as a
 * sidecar would present it), and raw OkHttp with its default dispatcher (5 calls per host) for
 * contrast. Each server answers every request on a thread of its own, so the instances are never
 * the limit. A few bursts per client, the first one in a cold JVM included: the first burst also
 * loads classes and opens forty connections.
 *
 * <p>Options: {@code --bursts 3}.
 */
public final class AsyncBurst {
    private static final int CALLS = 40;
    private static final long ANSWER_MILLIS = 300;

    private AsyncBurst() {}

    public static void main(String[] args) throws Exception {
        int bursts = new Options(args).integer("bursts", 3);
        // TCP_NODELAY on the JDK server's connections: a Nagle pause would hide behind the 300 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer first = slowServer();
        HttpServer second = slowServer();
        String standalone = "nala.services." + Target.SERVICE + " { discovery = static, endpoints = [\"127.0.0.1:"
                + first.getAddress().getPort() + "\", \"127.0.0.1:"
                + second.getAddress().getPort() + "\"] }";
        String mesh = "nala.kubernetes.namespace = default\nnala.services." + Target.SERVICE + ".port = "
                + first.getAddress().getPort();
        OkHttpClient raw = new OkHttpClient();
        boolean allAnswered = true;
        try (HttpClientFactory standaloneFactory = factory(DeploymentMode.STANDALONE, standalone);
                HttpClientFactory meshFactory = factory(DeploymentMode.MESH, mesh)) {
            System.out.printf(
                    "%d calls with enqueue() at once, instances answering in %d ms: ms from the first"
                            + " enqueue() to the last answer%n%n",
                    CALLS, ANSWER_MILLIS);
            System.out.println("| burst | nala-standalone | nala-mesh | raw-okhttp (default dispatcher) |");
            System.out.println("|---:|---:|---:|---:|");
            String logical = "http://" + Target.SERVICE + "/items/";
            String direct = "http://127.0.0.1:" + first.getAddress().getPort() + "/items/";
            for (int burst = 1; burst <= bursts; burst++) {
                long standaloneMillis = burst(standaloneFactory.client(), logical);
                long meshMillis = burst(meshFactory.client(), logical);
                long rawMillis = burst(raw, direct);
                allAnswered &= standaloneMillis >= 0 && meshMillis >= 0 && rawMillis >= 0;
                System.out.printf(
                        "| %d | %s | %s | %s |%n", burst, shown(standaloneMillis), shown(meshMillis), shown(rawMillis));
            }
        } finally {
            raw.dispatcher().executorService().shutdown();
            raw.connectionPool().evictAll();
            first.stop(0);
            second.stop(0);
        }
        if (!allAnswered) {
            System.err.println("Some calls failed: the harness or the client is broken");
            System.exit(1);
        }
    }

    private static HttpClientFactory factory(DeploymentMode mode, String hocon) {
        return HttpClientFactory.builder()
                .mode(mode)
                .config(ConfigFactory.parseString(hocon))
                .build();
    }

    private static String shown(long millis) {
        return millis < 0 ? "failed" : Long.toString(millis);
    }

    /** @return the burst's milliseconds, or -1 if a call failed or the burst took over 30 s */
    private static long burst(OkHttpClient client, String url) throws InterruptedException {
        CountDownLatch answered = new CountDownLatch(CALLS);
        AtomicInteger ok = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            client.newCall(new Request.Builder().url(url + i).build()).enqueue(new Callback() {
                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        if (response.code() == 200) {
                            ok.incrementAndGet();
                        }
                    }
                    answered.countDown();
                }

                @Override
                public void onFailure(Call call, IOException e) {
                    System.err.println("burst call failed: " + e);
                    answered.countDown();
                }
            });
        }
        boolean done = answered.await(30, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return done && ok.get() == CALLS ? millis : -1;
    }

    /** An instance that answers every request after {@link #ANSWER_MILLIS}, each on a thread of its own. */
    private static HttpServer slowServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), CALLS * 2);
        ExecutorService threads = Executors.newCachedThreadPool(work -> {
            Thread thread = new Thread(work, "burst-instance");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(ANSWER_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
