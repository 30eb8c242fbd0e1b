package dev.nala.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopbackServerTest {
    private final OkHttpClient client = new OkHttpClient();

    @AfterEach
    void stop() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private long millisToAnswer(LoopbackServer server) throws IOException {
        long start = System.nanoTime();
        try (Response response = client.newCall(new Request.Builder()
                        .url("http://127.0.0.1:" + server.port() + "/x")
                        .build())
                .execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("ok");
        }
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    @Test
    void aDelayedServerAnswersNoSoonerThanItsDelayAndCountsTheRequest() throws IOException {
        try (LoopbackServer server = LoopbackServer.start(200)) {
            server.setDelay(Duration.ofMillis(60));

            assertThat(millisToAnswer(server)).isGreaterThanOrEqualTo(60);
            assertThat(millisToAnswer(server)).isGreaterThanOrEqualTo(60);
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void theDelayCanBeShortenedAndLiftedOnTheSameConnection() throws IOException {
        try (LoopbackServer server = LoopbackServer.start(200)) {
            server.setDelay(Duration.ofMillis(40));
            assertThat(millisToAnswer(server)).isGreaterThanOrEqualTo(40);

            server.setDelay(Duration.ZERO);
            millisToAnswer(server);

            assertThat(server.requests()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(1);
        }
    }
}
