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

/**
 * Mesh mode in a real container with nala-servlet deployed as in a WAR and no code of the
 * application's own: the inbound tracing headers reach {@code inventory} from the request thread,
 * async dispatches, error pages, and threads the handler hands work to with the context.
 */
class MeshForwardingTest {
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
        workers = Executors.newFixedThreadPool(2);
        webApp = WebAppOnTomcat.start(
                folder,
                Deployment.of(context -> CallingServlets.install(context, client, "http://inventory/items", workers)));
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

    @Test
    void fromTheRequestThread() throws Exception {
        get("/sync", true, 200);
        assertForwarded(inventory.takeHeaders());
    }

    @Test
    void afterAnAsyncDispatchAskedForFromAnotherThread() throws Exception {
        get("/async-dispatch", true, 200);
        assertForwarded(inventory.takeHeaders());
    }

    @Test
    void fromAnErrorPage() throws Exception {
        get("/fails", true, 500);
        assertForwarded(inventory.takeHeaders());
    }

    @Test
    void fromAsyncContextStartWithTheContextWrapped() throws Exception {
        String thread = get("/async-start-wrapped", true, 200);
        assertForwarded(inventory.takeHeaders());
        assertThat(thread).startsWith("http-nio-");
    }

    @Test
    void fromAsyncContextStartThroughInboundOf() throws Exception {
        get("/async-start-inbound-of", true, 200);
        assertForwarded(inventory.takeHeaders());
    }

    /** Why the two above wrap: a container thread of its own has no inbound request. */
    @Test
    void notFromAsyncContextStartLeftBare() throws Exception {
        get("/async-start-bare", true, 200);
        assertNoneForwarded(inventory.takeHeaders());
    }

    @Test
    void fromAWorkerThreadThePoolWasWrappedFor() throws Exception {
        String thread = get("/worker", true, 200);
        assertForwarded(inventory.takeHeaders());
        assertThat(thread).startsWith("pool-");
    }

    @Test
    void withoutTracingHeadersNoneAreMadeUp() throws Exception {
        get("/sync", false, 200);
        assertNoneForwarded(inventory.takeHeaders());
    }
}
