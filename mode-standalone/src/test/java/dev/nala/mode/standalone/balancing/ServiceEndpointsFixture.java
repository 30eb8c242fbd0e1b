package dev.nala.mode.standalone.balancing;

import dev.nala.discovery.PerServiceDiscovery;
import dev.nala.mode.standalone.AttemptSteps;
import dev.nala.mode.standalone.breaker.ServiceBreakers;
import dev.nala.mode.standalone.fixtures.ManualClock;
import dev.nala.mode.standalone.fixtures.Metrics;
import dev.nala.mode.standalone.fixtures.TestContexts;
import dev.nala.spi.ModeContext;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Endpoint selection and breakers over real discovery (static or the Consul stand-in), a manual clock and an SDK for metrics. */
final class ServiceEndpointsFixture implements AutoCloseable {
    final ManualClock clock = new ManualClock();
    final Metrics metrics = new Metrics();
    final ServiceEndpoints balancing;
    final ServiceBreakers breakers;
    final OkHttpClient client;

    ServiceEndpointsFixture(String hocon) {
        this(hocon, null);
    }

    /** @param outer an interceptor in front of balancing (a stand-in for the retry loop), or null */
    ServiceEndpointsFixture(String hocon, Interceptor outer) {
        ModeContext context = TestContexts.context(hocon, metrics.openTelemetry());
        balancing = ServiceEndpoints.start(context, PerServiceDiscovery.create(context.settings()), clock);
        OkHttpClient.Builder builder = new OkHttpClient.Builder().retryOnConnectionFailure(false);
        if (outer != null) {
            builder.addInterceptor(outer);
        }
        breakers = ServiceBreakers.create(context.settings(), context.openTelemetry(), clock);
        builder.addInterceptor(AttemptSteps.routing(balancing, breakers, context.settings()));
        client = builder.build();
    }

    /** GETs the URL and returns the status. */
    int get(String url) throws IOException {
        try (Response response =
                client.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.code();
        }
    }

    EndpointPool pool(String service) throws IOException {
        return balancing.pools().pool(dev.nala.internal.ServiceName.of(service));
    }

    @Override
    public void close() {
        balancing.close();
        breakers.close();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        metrics.close();
    }
}
