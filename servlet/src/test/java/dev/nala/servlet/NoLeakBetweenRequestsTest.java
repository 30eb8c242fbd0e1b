package dev.nala.servlet;

import static dev.nala.servlet.InboundHeaders.assertForwarded;
import static dev.nala.servlet.InboundHeaders.assertNoneForwarded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import dev.nala.servlet.WebAppOnTomcat.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A container with one thread: after a request with tracing headers, however it was handled (and
 * even when its handler failed), that thread keeps nothing of it, neither for code it runs outside
 * the filter ({@code AsyncContext.start}) nor for the next request.
 */
class NoLeakBetweenRequestsTest {
    @TempDir
    Path folder;

    private final OkHttpClient browser = new OkHttpClient();
    private Upstream inventory;
    private HttpClientFactory factory;
    private ExecutorService workers;
    private WebAppOnTomcat webApp;

    @BeforeEach
    void start() throws Exception {
        inventory = new Upstream();
        factory = Factories.mesh(inventory.port());
        OkHttpClient client =
                factory.client().newBuilder().dns(Upstream.clusterDns()).build();
        workers = Executors.newFixedThreadPool(1);
        webApp = WebAppOnTomcat.start(
                folder,
                Deployment.of(context -> CallingServlets.install(context, client, "http://inventory/items", workers))
                        .threads(1));
    }

    @AfterEach
    void stop() throws Exception {
        List<String> contextsLeftBehind = webApp.contextsLeftBehind();
        workers.shutdownNow();
        assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        webApp.close();
        factory.close();
        inventory.close();
        browser.dispatcher().executorService().shutdown();
        browser.connectionPool().evictAll();
        assertThat(contextsLeftBehind).as("contexts container threads kept").isEmpty();
    }

    private String get(String path, boolean withTracingHeaders, int expectedStatus) throws Exception {
        Request.Builder request = new Request.Builder().url(webApp.url(path));
        if (withTracingHeaders) {
            InboundHeaders.istio(request);
        }
        try (Response response = browser.newCall(request.build()).execute()) {
            assertThat(response.code()).as(path).isEqualTo(expectedStatus);
            return response.body().string();
        }
    }

    @ParameterizedTest(name = "after {0}")
    @CsvSource({
        "/sync, 200",
        "/fails, 500",
        "/async-dispatch, 200",
        "/async-start-wrapped, 200",
        "/async-start-inbound-of, 200",
        "/worker, 200"
    })
    void theNextRequestOnTheSameThreadForwardsNothing(String firstPath, int firstStatus) throws Exception {
        get(firstPath, true, firstStatus);
        assertForwarded(inventory.takeHeaders());

        // Runs on the one container thread outside any filter: it sees whatever the thread kept.
        String bareThread = get("/async-start-bare", false, 200);
        assertNoneForwarded(inventory.takeHeaders());
        String nextThread = get("/sync", false, 200);
        assertNoneForwarded(inventory.takeHeaders());

        assertThat(nextThread).as("one container thread").isEqualTo(bareThread);
    }

    @Test
    void requestsTakeTurnsWithAndWithoutHeaders() throws Exception {
        for (int i = 0; i < 5; i++) {
            get("/sync", true, 200);
            assertForwarded(inventory.takeHeaders());
            get("/sync", false, 200);
            assertNoneForwarded(inventory.takeHeaders());
        }
    }
}
