package dev.nala.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import dev.nala.servlet.WebAppOnTomcat.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A web app whose {@link CallingServlets} call {@code inventory} through a mesh-mode factory, and a
 * browser to send it requests. Closing it checks that no container thread kept a context.
 */
final class CallingWebApp implements AutoCloseable {
    final Upstream inventory;
    private final HttpClientFactory factory;
    private final ExecutorService workers;
    private final WebAppOnTomcat webApp;
    private final OkHttpClient browser = new OkHttpClient();

    CallingWebApp(Path folder, int workerThreads, UnaryOperator<Deployment> deployment) throws Exception {
        inventory = new Upstream();
        factory = Factories.mesh(inventory.port());
        OkHttpClient client =
                factory.client().newBuilder().dns(Upstream.clusterDns()).build();
        workers = Executors.newFixedThreadPool(workerThreads);
        webApp = WebAppOnTomcat.start(
                folder,
                deployment.apply(Deployment.of(
                        context -> CallingServlets.install(context, client, "http://inventory/items", workers))));
    }

    static CallingWebApp start(Path folder, int workerThreads, UnaryOperator<Deployment> deployment) throws Exception {
        return new CallingWebApp(folder, workerThreads, deployment);
    }

    /** GETs {@code path}, asserts the status and returns the body. */
    String get(String path, boolean withTracingHeaders, int expectedStatus) throws Exception {
        Request.Builder request = new Request.Builder().url(webApp.url(path));
        if (withTracingHeaders) {
            InboundHeaders.istio(request);
        }
        try (Response response = browser.newCall(request.build()).execute()) {
            assertThat(response.code()).as(path).isEqualTo(expectedStatus);
            return response.body().string();
        }
    }

    @Override
    public void close() throws Exception {
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
}
