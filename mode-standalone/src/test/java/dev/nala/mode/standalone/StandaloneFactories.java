package dev.nala.mode.standalone;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.spi.ModeContext;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import java.util.function.DoubleSupplier;
import okhttp3.OkHttpClient;

/** Standalone factories and clients for tests: settings from a HOCON snippet, nothing from the real process. */
final class StandaloneFactories {
    /** Short backoffs, so tests that retry do not wait for the production defaults. */
    static final String FAST_BACKOFF = "nala.defaults.retry.backoff { initial = 1ms, max = 2ms }\n";

    private StandaloneFactories() {}

    static HttpClientFactory standalone(String hocon) {
        return standalone(hocon, OpenTelemetry.noop());
    }

    static HttpClientFactory standalone(String hocon, OpenTelemetry openTelemetry) {
        return HttpClientFactory.builder()
                .environment(Environment.of(Map.of()))
                .config(ConfigFactory.parseString(hocon))
                .openTelemetry(openTelemetry)
                .build();
    }

    /** A client with the standalone chain as the factory builds it, but with the backoff jitter fixed. */
    static OkHttpClient withJitter(String hocon, DoubleSupplier jitter, OpenTelemetry openTelemetry) {
        Environment environment = Environment.of(Map.of());
        Config config = ConfigFactory.parseString(hocon)
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
        ModeContext context = new ModeContext(NalaSettings.load(config, environment), openTelemetry, environment);
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        StandaloneChain chain = new StandaloneChain(context, jitter);
        // The factory runs the chain's outermost interceptor inside its own; here it goes first.
        builder.addInterceptor(chain.outermost());
        chain.configure(builder);
        return builder.retryOnConnectionFailure(false).build();
    }

    static void shutDown(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
