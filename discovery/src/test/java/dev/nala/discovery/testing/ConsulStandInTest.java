package dev.nala.discovery.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stand-in behaves like the parts of Consul's API that Nala's tests rely on. */
class ConsulStandInTest {
    private final ConsulStandIn consul = ConsulStandIn.start();
    private final OkHttpClient http =
            new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();

    @AfterEach
    void stop() {
        consul.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private record Reply(int status, long index, JsonNode body) {}

    private Reply get(String pathAndQuery) throws IOException {
        try (Response response = http.newCall(new Request.Builder()
                        .url(consul.address() + pathAndQuery)
                        .build())
                .execute()) {
            String index = response.header("X-Consul-Index");
            String body = response.body().string();
            return new Reply(
                    response.code(),
                    index == null ? -1 : Long.parseLong(index),
                    response.code() == 200 ? new ObjectMapper().readTree(body) : null);
        }
    }

    @Test
    void servesTheDocumentedShape() throws Exception {
        consul.register(
                "web",
                ConsulStandIn.Instance.of("web-1", "10.0.0.5", 8080)
                        .withNodeAddress("10.0.0.1")
                        .withTags("v1"));
        Reply reply = get("/v1/health/service/web?passing");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.index()).isEqualTo(consul.index("web")).isGreaterThan(1);
        JsonNode entry = reply.body().get(0);
        assertThat(entry.at("/Node/Address").asText()).isEqualTo("10.0.0.1");
        assertThat(entry.at("/Service/ID").asText()).isEqualTo("web-1");
        assertThat(entry.at("/Service/Address").asText()).isEqualTo("10.0.0.5");
        assertThat(entry.at("/Service/Port").asInt()).isEqualTo(8080);
        assertThat(entry.at("/Service/Tags/0").asText()).isEqualTo("v1");
        assertThat(entry.at("/Checks/1/Status").asText()).isEqualTo("passing");
    }

    @Test
    void filtersOnPassingAndTag() throws Exception {
        consul.register(
                "web", ConsulStandIn.Instance.of("web-1", "10.0.0.5", 8080).withTags("v1"));
        consul.register(
                "web", ConsulStandIn.Instance.of("web-2", "10.0.0.6", 8080).withPassing(false));
        assertThat(get("/v1/health/service/web").body()).hasSize(2);
        assertThat(get("/v1/health/service/web?passing").body()).hasSize(1);
        assertThat(get("/v1/health/service/web?tag=v2").body()).isEmpty();
    }

    @Test
    void holdsABlockingQueryUntilTheIndexMoves() throws Exception {
        consul.register("web", "web-1", "10.0.0.5", 8080);
        long index = get("/v1/health/service/web").index();
        CompletableFuture<Reply> held = CompletableFuture.supplyAsync(() -> {
            try {
                return get("/v1/health/service/web?index=" + index + "&wait=30s");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> consul.requestCount() == 2);
        assertThat(held).isNotDone();

        consul.register("web", "web-2", "10.0.0.6", 8080);
        Reply reply = held.get(10, TimeUnit.SECONDS);
        assertThat(reply.index()).isGreaterThan(index);
        assertThat(reply.body()).hasSize(2);
    }

    @Test
    void answersAfterWaitWithTheSameIndexWhenNothingChanged() throws Exception {
        consul.register("web", "web-1", "10.0.0.5", 8080);
        long index = consul.index("web");
        assertThat(get("/v1/health/service/web?index=" + index + "&wait=100ms").index())
                .isEqualTo(index);
    }

    @Test
    void recordsWhatItReceivedAndChecksTheToken() throws Exception {
        consul.requireToken("right");
        assertThat(get("/v1/health/service/web?stale&dc=dc2").status()).isEqualTo(403);
        ConsulStandIn.RecordedRequest request = consul.requests("web").get(0);
        assertThat(request.query()).containsEntry("stale", "").containsEntry("dc", "dc2");
        assertThat(request.header("X-Consul-Token")).isEmpty();
    }

    @Test
    void goesDownAndComesBackOnTheSamePort() throws Exception {
        consul.register("web", "web-1", "10.0.0.5", 8080);
        consul.goDown();
        assertThatThrownBy(() -> get("/v1/health/service/web")).isInstanceOf(IOException.class);
        consul.comeBack();
        assertThat(get("/v1/health/service/web").body()).hasSize(1);
        consul.answerErrors(500, "No cluster leader");
        assertThat(get("/v1/health/service/web").status()).isEqualTo(500);
    }
}
