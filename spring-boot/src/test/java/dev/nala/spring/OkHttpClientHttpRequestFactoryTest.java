package dev.nala.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;

class OkHttpClientHttpRequestFactoryTest {
    private final MockWebServer upstream = Upstreams.started();
    private final OkHttpClientHttpRequestFactory factory = new OkHttpClientHttpRequestFactory(new OkHttpClient());

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void sendsMethodHeadersAndBodyAndReadsTheResponse() throws Exception {
        upstream.enqueue(new MockResponse.Builder()
                .code(201)
                .addHeader("Location", "/orders/7")
                .addHeader("X-Twice", "a")
                .addHeader("X-Twice", "b")
                .body("created")
                .build());
        ClientHttpRequest request = factory.createRequest(
                URI.create("http://127.0.0.1:" + upstream.getPort() + "/orders"), HttpMethod.POST);
        request.getHeaders().add("Content-Type", "application/json");
        request.getHeaders().add("X-Request-Id", "r-1");
        request.getBody().write("{\"item\":7}".getBytes(StandardCharsets.UTF_8));

        try (ClientHttpResponse response = request.execute()) {
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
            assertThat(response.getHeaders().getFirst("location")).isEqualTo("/orders/7");
            assertThat(response.getHeaders().get("X-Twice")).containsExactly("a", "b");
            assertThat(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("created");
        }
        RecordedRequest received = upstream.takeRequest();
        assertThat(received.getMethod()).isEqualTo("POST");
        assertThat(received.getHeaders().get("Content-Type")).isEqualTo("application/json");
        assertThat(received.getHeaders().get("X-Request-Id")).isEqualTo("r-1");
        assertThat(received.getBody().utf8()).isEqualTo("{\"item\":7}");
    }

    @Test
    void aPostWithoutBodySendsAnEmptyOneAndAGetNone() throws Exception {
        upstream.enqueue(new MockResponse.Builder().code(204).build());
        upstream.enqueue(new MockResponse.Builder().body("x").build());
        String base = "http://127.0.0.1:" + upstream.getPort();

        try (ClientHttpResponse response =
                factory.createRequest(URI.create(base + "/a"), HttpMethod.POST).execute()) {
            assertThat(response.getStatusCode().value()).isEqualTo(204);
        }
        try (ClientHttpResponse response =
                factory.createRequest(URI.create(base + "/b"), HttpMethod.GET).execute()) {
            assertThat(response.getStatusCode().value()).isEqualTo(200);
        }
        assertThat(upstream.takeRequest().getHeaders().get("Content-Length")).isEqualTo("0");
        assertThat(upstream.takeRequest().getBodySize()).isZero();
    }
}
