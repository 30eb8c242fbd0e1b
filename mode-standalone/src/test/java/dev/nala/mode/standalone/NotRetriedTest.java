package dev.nala.mode.standalone;

import static dev.nala.mode.standalone.StandaloneFactories.FAST_BACKOFF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.HttpClientFactory;
import dev.nala.mode.standalone.fixtures.OneShotJsonBody;
import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is sent exactly once: answers that are not the upstream's failure, requests that are not
 * safe to repeat (a retry must not charge a card twice), and responses already handed out.
 */
class NotRetriedTest {
    private static final MediaType JSON = MediaType.get("application/json");

    private HttpClientFactory factory;
    private OkHttpClient client;
    private MockWebServer upstream;

    @BeforeEach
    void start() throws IOException {
        upstream = Upstreams.alwaysAnswering(503);
        String endpoints = "discovery = static, endpoints = [\"127.0.0.1:" + upstream.getPort() + "\"]";
        factory = StandaloneFactories.standalone(FAST_BACKOFF
                + "nala.services.\"orders\" { retry.non-idempotent = true, " + endpoints + " }\n"
                + "nala.services.\"payments\" { " + endpoints + " }\n");
        client = factory.client();
    }

    @AfterEach
    void stop() {
        factory.close();
        upstream.close();
    }

    private Request.Builder to(String host) {
        return new Request.Builder().url("http://" + host + ":" + upstream.getPort() + "/charge");
    }

    private int send(Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            response.body().string();
            return response.code();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422, 501})
    void aStatusOutsideTheRetryListIsReturnedAfterOneAttempt(int code) throws IOException {
        upstream.close();
        upstream = Upstreams.alwaysAnswering(code);
        assertThat(send(to("127.0.0.1").build())).isEqualTo(code);
        assertThat(upstream.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PATCH"})
    void aNonIdempotentMethodIsSentOnce(String method) throws IOException {
        Request request = to("127.0.0.1")
                .method(method, RequestBody.create("{\"amount\":5}", JSON))
                .build();
        assertThat(send(request)).isEqualTo(503);
        assertThat(upstream.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aPostWithAnIdempotencyKeyIsRetried() throws IOException {
        Request request = to("127.0.0.1")
                .header("Idempotency-Key", "charge-42")
                .post(RequestBody.create("{\"amount\":5}", JSON))
                .build();
        assertThat(send(request)).isEqualTo(503);
        assertThat(upstream.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aServiceThatOptsInHasItsPostsRetriedAndOthersDoNot() throws IOException {
        assertThat(send(to("orders").post(RequestBody.create("{}", JSON)).build()))
                .isEqualTo(503);
        assertThat(upstream.getRequestCount()).isEqualTo(3);
        assertThat(send(to("payments").post(RequestBody.create("{}", JSON)).build()))
                .isEqualTo(503);
        assertThat(upstream.getRequestCount()).isEqualTo(4);
    }

    @Test
    void aOneShotBodyIsNeverReplayedEvenForPutOrAnOptedInService() throws IOException {
        OneShotJsonBody oneShot = new OneShotJsonBody();
        assertThat(send(to("127.0.0.1").put(oneShot).build())).isEqualTo(503);
        assertThat(send(to("orders").post(oneShot).build())).isEqualTo(503);
        assertThat(upstream.getRequestCount()).isEqualTo(2);
        assertThat(oneShot.writes()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "GET"})
    void okHttpDoesNotRepeatA503WithRetryAfterZeroBehindTheLoopsBack(String method) throws IOException {
        upstream.close();
        upstream = Upstreams.started();
        for (int i = 0; i < 6; i++) {
            upstream.enqueue(new MockResponse.Builder()
                    .code(503)
                    .addHeader("Retry-After", "0")
                    .body("busy")
                    .build());
        }
        Request.Builder request = to("127.0.0.1");
        if (method.equals("POST")) {
            request.post(RequestBody.create("{}", JSON));
        }
        try (Response response = client.newCall(request.build()).execute()) {
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("0");
            assertThat(response.priorResponse()).isNull();
        }
        // One attempt for the POST; for the GET the loop's three, none added by OkHttp.
        assertThat(upstream.getRequestCount()).isEqualTo(method.equals("POST") ? 1 : 3);
    }

    /**
     * Decided: a connection that breaks while the caller reads the body is not retried. The
     * response was already handed to the caller, so the loop cannot take it back; the caller
     * gets the read error.
     */
    @Test
    void aResetInTheMiddleOfTheBodyIsNotRetried() throws IOException {
        upstream.close();
        upstream = Upstreams.started();
        upstream.enqueue(new MockResponse.Builder()
                .body("x".repeat(64 * 1024))
                .onResponseBody(new SocketEffect.CloseSocket())
                .build());
        upstream.enqueue(new MockResponse.Builder().body("second").build());
        try (Response response = client.newCall(to("127.0.0.1").build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
        }
        assertThat(upstream.getRequestCount()).isEqualTo(1);
    }
}
