package dev.nala.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private OkHttpClient baseClient;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
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
        baseClient = new OkHttpClient();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        baseClient.dispatcher().executorService().shutdown();
        baseClient.connectionPool().evictAll();
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Call call(Duration deadline, String path) {
        OkHttpClient client = baseClient.newBuilder()
                .addInterceptor(chain -> {
                    CallDeadline.arm(chain, deadline);
                    return chain.proceed(chain.request());
                })
                .build();
        return client.newCall(new Request.Builder()
                .url("http://127.0.0.1:" + server.getAddress().getPort() + path).build());
    }

    @Test
    void cancelsACallWhoseResponseDoesNotComeInTime() {
        assertThatThrownBy(() -> call(Duration.ofMillis(300), "/slow-headers").execute())
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout");
    }

    @Test
    void coversReadingTheResponseBody() throws IOException {
        try (Response response = call(Duration.ofMillis(500), "/slow-body").execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void keepsAShorterTimeoutTheCallerSet() {
        Call call = call(Duration.ofMinutes(5), "/slow-headers");
        call.timeout().timeout(300, TimeUnit.MILLISECONDS);
        assertThatThrownBy(call::execute).isInstanceOf(InterruptedIOException.class).hasMessage("timeout");
        assertThat(call.timeout().timeoutNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void replacesALongerTimeout() {
        Call call = call(Duration.ofMillis(300), "/slow-headers");
        call.timeout().timeout(5, TimeUnit.MINUTES);
        assertThatThrownBy(call::execute).isInstanceOf(InterruptedIOException.class).hasMessage("timeout");
        assertThat(call.timeout().timeoutNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void remainingTimeCountsDown() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        assertThat(CallDeadline.remainingNanos(deadline)).isPositive().isLessThanOrEqualTo(TimeUnit.SECONDS.toNanos(60));
        assertThat(CallDeadline.remainingNanos(System.nanoTime() - 1)).isNegative();
    }
}
