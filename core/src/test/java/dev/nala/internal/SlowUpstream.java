package dev.nala.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A loopback server for deadline tests: {@code /fast} answers at once, {@code /slow-headers}
 * sends nothing until closed, {@code /slow-body} sends its headers and one byte of body, then
 * nothing until closed (at most 30 s).
 */
final class SlowUpstream implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final HttpServer server;

    private SlowUpstream(HttpServer server) {
        this.server = server;
    }

    static SlowUpstream start() throws IOException {
        SlowUpstream upstream =
                new SlowUpstream(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        upstream.serve();
        return upstream;
    }

    private void serve() {
        server.setExecutor(handlers);
        server.createContext("/fast", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/slow-headers", exchange -> {
            awaitRelease();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/slow-body", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write('x');
            body.flush();
            awaitRelease();
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /**
     * A call to {@code path} on a client derived from {@code base}, armed with each of
     * {@code timeouts} in turn ({@link CallDeadline#arm}), as the factory and then a mode arm it.
     */
    Call armedCall(OkHttpClient base, String path, Duration... timeouts) {
        OkHttpClient client = base.newBuilder()
                .addInterceptor(chain -> {
                    for (Duration timeout : timeouts) {
                        CallDeadline.arm(chain, timeout);
                    }
                    return chain.proceed(chain.request());
                })
                .build();
        return client.newCall(new Request.Builder().url(url(path)).build());
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the slow answers end, then stops the server. */
    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
