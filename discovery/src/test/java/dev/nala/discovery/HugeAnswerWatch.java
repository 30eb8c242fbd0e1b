package dev.nala.discovery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run by {@link SmallHeapTest} in a JVM of its own with a small heap: watches a service in a
 * Consul that answers once with a huge body (generated as it is sent, chunked), and prints one
 * {@code RESULT} line saying whether the watch came through. Exits 0 when it recovered.
 *
 * <p>Arguments: the huge answer's kind ({@code instances}: distinct valid entries, or
 * {@code empty-objects}: {@code {}} elements), {@code nala.consul.max-answer-size}, and the huge
 * answer's size in bytes.
 */
public final class HugeAnswerWatch {
    private static final Endpoint A = Endpoint.of("10.0.0.1", 8080);
    private static final Endpoint B = Endpoint.of("10.0.0.2", 8080);

    private HugeAnswerWatch() {}

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        String maxAnswerSize = args[1];
        long hugeBytes = Long.parseLong(args[2]);
        ExecutorService handlers = Executors.newCachedThreadPool();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        AtomicInteger requests = new AtomicInteger();
        AtomicLong sent = new AtomicLong();
        server.createContext(
                "/v1/health/service/payments",
                exchange -> answer(exchange, requests.incrementAndGet(), kind, hugeBytes, sent));
        server.setExecutor(handlers);
        server.start();
        boolean recovered = false;
        boolean onlyGoodLists = true;
        long allocated;
        try (ConsulDiscovery discovery =
                ConsulDiscovery.create(TestSettings.load("nala.consul { address = \"http://127.0.0.1:"
                                + server.getAddress().getPort() + "\", wait = 1s, max-answer-size = " + maxAnswerSize
                                + ", error-backoff { initial = 20ms, max = 200ms } }")
                        .consul())) {
            ServiceName payments = ServiceName.of("payments");
            List<Endpoint> first = discovery.endpoints(payments);
            Thread watch = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals(ServiceWatch.THREAD_PREFIX + "payments"))
                    .findFirst()
                    .orElseThrow();
            long allocatedBefore = allocatedBy(watch);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                List<Endpoint> now = discovery.endpoints(payments);
                if (now.equals(List.of(A, B))) {
                    recovered = true;
                    break;
                }
                onlyGoodLists &= now == first;
                Thread.sleep(10);
            }
            allocated = allocatedBy(watch) - allocatedBefore;
            onlyGoodLists &= watch.isAlive();
        } finally {
            server.stop(0);
            handlers.shutdownNow();
        }
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.out.printf(
                Locale.ROOT,
                "RESULT recovered=%s onlyGoodLists=%s hugeSentMiB=%d allocatedMiB=%d"
                        + " heapUsedAfterGcMiB=%d heapMaxMiB=%d%n",
                recovered,
                onlyGoodLists,
                sent.get() >> 20,
                allocated >> 20,
                heap.getUsed() >> 20,
                heap.getMax() >> 20);
        System.exit(recovered && onlyGoodLists ? 0 : 1);
    }

    private static long allocatedBy(Thread thread) {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(thread.getId());
    }

    /** 1st query: [A]; 2nd: the huge answer; then [A, B] (blocking queries held a little, like Consul). */
    private static void answer(HttpExchange exchange, int request, String kind, long hugeBytes, AtomicLong sent)
            throws IOException {
        try (exchange) {
            boolean blocking = exchange.getRequestURI().getQuery().contains("index=");
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (request == 2) {
                exchange.getResponseHeaders().set("X-Consul-Index", "11");
                exchange.sendResponseHeaders(200, 0);
                writeHuge(exchange.getResponseBody(), kind, hugeBytes, sent);
                return;
            }
            if (request > 2 && blocking) {
                Thread.sleep(200);
            }
            byte[] body = ScriptedConsul.entries(request == 1 ? new Endpoint[] {A} : new Endpoint[] {A, B})
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Consul-Index", request == 1 ? "10" : "20");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException | InterruptedException e) {
            // The watch gave up on the answer, as it should for the huge one.
        }
    }

    private static void writeHuge(OutputStream out, String kind, long hugeBytes, AtomicLong sent) throws IOException {
        StringBuilder chunk = new StringBuilder(70_000);
        chunk.append('[');
        long written = 0;
        for (int i = 0; written < hugeBytes; i++) {
            if (i > 0) {
                chunk.append(',');
            }
            if (kind.equals("empty-objects")) {
                chunk.append("{}");
            } else {
                chunk.append("{\"Node\":{\"Node\":\"node-")
                        .append(i)
                        .append("\",\"Address\":\"10.200.0.1\"},")
                        .append("\"Service\":{\"ID\":\"payments-")
                        .append(i)
                        .append("\",\"Address\":\"10.")
                        .append((i >> 16) & 0xff)
                        .append('.')
                        .append((i >> 8) & 0xff)
                        .append('.')
                        .append(i & 0xff)
                        .append("\",\"Port\":")
                        .append(1 + i % 60_000)
                        .append(",\"Tags\":[],\"Meta\":{}}}");
            }
            if (chunk.length() >= 65_536) {
                byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                out.write(bytes);
                written += bytes.length;
                sent.set(written);
                chunk.setLength(0);
            }
        }
        chunk.append(']');
        out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
    }
}
