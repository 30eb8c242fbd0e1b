package dev.nala.servlet;

import static dev.nala.servlet.WebAppOnTomcat.addServlet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import dev.nala.servlet.WebAppOnTomcat.Deployment;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standalone mode: the inbound {@code x-request-id} goes on to the upstream; a request without one gets a new one. */
class StandaloneRequestIdTest {
    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @TempDir
    Path folder;

    private final OkHttpClient browser = new OkHttpClient();
    private Upstream upstream;
    private HttpClientFactory factory;
    private WebAppOnTomcat webApp;

    @BeforeEach
    void start() throws Exception {
        upstream = new Upstream();
        factory = Factories.standalone();
        String upstreamUrl = "http://127.0.0.1:" + upstream.port() + "/items";
        webApp = WebAppOnTomcat.start(
                folder,
                Deployment.of(context -> addServlet(context, "/orders", new HandlerServlet((request, response) -> {
                            try (Response called = factory.client()
                                    .newCall(new Request.Builder()
                                            .url(upstreamUrl)
                                            .build())
                                    .execute()) {
                                response.setStatus(called.code());
                            }
                        })))
                        .threads(1));
    }

    @AfterEach
    void stop() throws Exception {
        webApp.close();
        factory.close();
        upstream.close();
        browser.dispatcher().executorService().shutdown();
        browser.connectionPool().evictAll();
    }

    private void get(Request.Builder request) throws Exception {
        try (Response response =
                browser.newCall(request.url(webApp.url("/orders")).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
    }

    @Test
    void theInboundRequestIdIsContinuedAndNotReusedForTheNextRequest() throws Exception {
        get(new Request.Builder().header("X-Request-Id", "checkout-42"));
        assertThat(upstream.takeHeaders().get("x-request-id")).isEqualTo("checkout-42");

        get(new Request.Builder());
        assertThat(upstream.takeHeaders().get("x-request-id")).matches(UUID_V4);
    }
}
