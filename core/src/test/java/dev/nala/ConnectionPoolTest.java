package dev.nala;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The factory's client keeps as many idle keep-alive connections as configured, for as long as configured. */
class ConnectionPoolTest {
    private static final int CALLERS = 12;

    private HttpServer server;
    private ExecutorService handlers;
    private volatile CountDownLatch allArrived;

    @BeforeEach
    void startServer() throws IOException {
        handlers = Executors.newFixedThreadPool(CALLERS);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            // Holding every answer until all callers are in makes each call use a connection of its own.
            allArrived.countDown();
            try {
                allArrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void keepsEveryConnectionOfTwelveConcurrentCallsByDefault() throws Exception {
        try (HttpClientFactory factory = factory("")) {
            callConcurrently(factory.client());
            assertThat(settled(() -> factory.client().connectionPool().idleConnectionCount()))
                    .isEqualTo(CALLERS);
        }
    }

    @Test
    void closesIdleConnectionsBeyondMaxIdle() throws Exception {
        try (HttpClientFactory factory = factory("nala.connection-pool.max-idle = 3")) {
            callConcurrently(factory.client());
            assertThat(settled(() -> factory.client().connectionPool().connectionCount()))
                    .isEqualTo(3);
        }
    }

    @Test
    void closesConnectionsIdleForLongerThanKeepAlive() throws Exception {
        try (HttpClientFactory factory = factory("nala.connection-pool.keep-alive = 1s")) {
            callConcurrently(factory.client());
            assertThat(factory.client().connectionPool().connectionCount()).isPositive();
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> factory.client().connectionPool().connectionCount() == 0);
        }
    }

    private HttpClientFactory factory(String hocon) {
        return HttpClientFactory.builder()
                .environment(Environment.of(Map.of()))
                .config(ConfigFactory.parseString(hocon))
                .build();
    }

    private void callConcurrently(OkHttpClient client) throws Exception {
        allArrived = new CountDownLatch(CALLERS);
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                codes.add(callers.submit(() -> {
                    try (Response response = client.newCall(
                                    new Request.Builder().url(url).build())
                            .execute()) {
                        return response.code();
                    }
                }));
            }
            for (Future<Integer> code : codes) {
                assertThat(code.get(20, TimeUnit.SECONDS)).isEqualTo(204);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** A count read until it stops changing: OkHttp evicts surplus idle connections on a background thread. */
    private static int settled(IntSupplier count) throws InterruptedException {
        int last = count.getAsInt();
        for (int stableReads = 0; stableReads < 10; ) {
            Thread.sleep(20);
            int now = count.getAsInt();
            stableReads = now == last ? stableReads + 1 : 0;
            last = now;
        }
        return last;
    }
}
