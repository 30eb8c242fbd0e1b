package dev.nala;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.nala.internal.DeadlineWatch;
import dev.nala.internal.KnownMethods;
import dev.nala.internal.PlainSockets;
import dev.nala.internal.settings.ConnectionPoolSettings;
import dev.nala.internal.settings.DispatcherSettings;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.spi.DeploymentModeProvider;
import dev.nala.spi.ModeChain;
import dev.nala.spi.ModeContext;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the one {@link OkHttpClient} an application uses to call other services, set up for
 * the {@link DeploymentMode} in force.
 *
 * <pre>{@code
 * try (HttpClientFactory factory = HttpClientFactory.create()) {
 *     OkHttpClient client = factory.client();
 *     client.newCall(new Request.Builder().url("http://payment-service/charge").build()).execute();
 * }
 * }</pre>
 *
 * <p>The mode is decided once, here: {@code builder().mode(...)}, else env
 * {@code NALA_DEPLOYMENT_MODE}, else system property {@code nala.deployment-mode}, else
 * {@code nala.deployment-mode} in {@code application.conf}, else {@code standalone}. Every setting
 * is validated while the factory is built; a bad one raises {@link NalaConfigurationException}.
 * OkHttp's own {@code retryOnConnectionFailure} is always off: OkHttp never repeats a request
 * behind Nala's back. The client keeps up to {@code nala.connection-pool.max-idle} idle
 * keep-alive connections (64; OkHttp's own default is 5) for {@code nala.connection-pool.keep-alive}
 * (4 s, below common servers' idle timeouts), and runs up to {@code nala.dispatcher.max-requests}
 * {@code enqueue()} calls at once, as many per host (256; OkHttp's own defaults are 64 and 5 per
 * host, and every call to a logical service has the same host). A request that fails on a pooled connection the
 * server had already closed, in a way that shows the server did not act on it, is sent once more
 * on a new connection; that is not a retry (see {@link dev.nala.internal.ConnectionResend}).
 *
 * <p>Every call, reading its response body included, is bounded by its service's
 * {@code call-timeout}. Nala watches that deadline itself ({@link dev.nala.internal.CallDeadline}),
 * so the client's {@code callTimeoutMillis()} is 0; a shorter {@code callTimeout} set on a
 * client derived with {@code newBuilder()}, or on a call, still applies. A timed-out call fails
 * with OkHttp's {@code InterruptedIOException: timeout}.
 *
 * <p>Every call is traced and measured on the builder's {@code OpenTelemetry} (default: the
 * global one): one CLIENT span per call and the {@code http.client.request.duration} histogram,
 * following the OpenTelemetry HTTP client conventions, plus {@code nala.deployment_mode} and
 * {@code nala.service}. Without an OpenTelemetry SDK this costs next to nothing. See
 * {@code docs/observability.md}.
 *
 * <p>A factory is thread-safe. Create one per application and close it on shutdown.
 */
public final class HttpClientFactory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpClientFactory.class);

    private final DeploymentMode mode;
    private final ModeSelection selection;
    private final DeploymentModeProvider provider;
    private final ModeContext context;
    private final ModeChain chain;
    private final OkHttpClient client;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpClientFactory(Builder builder) {
        OkHttpOnClasspath.check(HttpClientFactory.class.getClassLoader());
        Environment environment = builder.environment;
        Config config = builder.resolvedConfig();
        ModeSelection selection = ModeSelection.decide(builder.mode, environment, config);
        NalaSettings settings = NalaSettings.load(config, environment);
        DeploymentModeProvider provider = ModeProviders.find(selection, HttpClientFactory.class.getClassLoader());
        OpenTelemetry openTelemetry =
                builder.openTelemetry != null ? builder.openTelemetry : GlobalOpenTelemetry.getOrNoop();

        this.mode = selection.mode();
        this.selection = selection;
        this.provider = provider;
        this.context = new ModeContext(settings, openTelemetry, environment);
        this.chain = provider.start(context);
        ConnectionPoolSettings pool = settings.connectionPool();
        OkHttpClient.Builder clientBuilder = new OkHttpClient.Builder()
                .connectionPool(
                        new ConnectionPool(pool.maxIdle(), pool.keepAlive().toMillis(), TimeUnit.MILLISECONDS))
                .socketFactory(PlainSockets.INSTANCE)
                .dispatcher(dispatcher(settings.dispatcher()))
                .eventListener(CallEvents.INSTANCE)
                .addInterceptor(new CallBoundary(
                        new ClosedFactoryGuard(closed::get),
                        new CallSpan(openTelemetry, selection.mode(), KnownMethods.from(environment)),
                        chain.outermost(),
                        longestCallTimeout(settings)));
        chain.configure(clientBuilder);
        clientBuilder.addNetworkInterceptor(NetworkBoundary.INSTANCE);
        this.client = clientBuilder.retryOnConnectionFailure(false).build();
        TimeoutQueueAnchor.hold();
        DeadlineWatch.hold();
        log.info("Nala deployment mode {} (from {})", selection.mode(), selection.source());
    }

    /**
     * The timeout every call gets as it enters the chain: the longest {@code call-timeout} of any
     * service. The modes shorten it per call where a service's is shorter
     * ({@link dev.nala.internal.CallDeadline}).
     */
    private static Duration longestCallTimeout(NalaSettings settings) {
        Duration longest = settings.defaults().callTimeout();
        for (ServiceSettings service : settings.configuredServices().values()) {
            if (service.callTimeout().compareTo(longest) > 0) {
                longest = service.callTimeout();
            }
        }
        return longest;
    }

    /** The client's dispatcher, with the limits of {@code nala.dispatcher}. */
    private static Dispatcher dispatcher(DispatcherSettings limits) {
        Dispatcher dispatcher = CallerContext.dispatcher();
        dispatcher.setMaxRequests(limits.maxRequests());
        dispatcher.setMaxRequestsPerHost(limits.maxRequestsPerHost());
        return dispatcher;
    }

    /** A factory configured from {@code application.conf} (and the environment). */
    public static HttpClientFactory create() {
        return builder().build();
    }

    /** A factory configured from the given configuration, over Nala's defaults. */
    public static HttpClientFactory create(Config config) {
        return builder().config(config).build();
    }

    /** A builder for a factory with an explicit mode, configuration or OpenTelemetry. */
    public static Builder builder() {
        return new Builder();
    }

    /** The mode in force. */
    public DeploymentMode mode() {
        return mode;
    }

    /** The shared, thread-safe client; the same instance on every call. */
    public OkHttpClient client() {
        return client;
    }

    /**
     * Checks the deployment now and reports it: the mode and its source, how each configured
     * service resolves (Consul instances, static endpoints, or its Kubernetes DNS name), the
     * settings the application set and where, settings the mode ignores, TLS files and their
     * expiry, whether Consul and Redis answer. Blocks for the probes, each bounded by 2 seconds;
     * suits an admin endpoint. {@code nala-tools doctor} prints the same report.
     */
    public DeploymentReport describe() {
        return DeploymentDescription.describe(selection, provider, context);
    }

    /**
     * Stops background work (discovery watches), shuts down the client's dispatcher and evicts
     * its idle connections. Calls made afterwards fail with {@link FactoryClosedException}.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            chain.close();
        } catch (RuntimeException e) {
            log.warn("Nala {} mode did not close cleanly", mode, e);
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
            TimeoutQueueAnchor.release();
            DeadlineWatch.release();
        }
    }

    @Override
    public String toString() {
        return "HttpClientFactory[mode=" + mode + (closed.get() ? ", closed" : "") + "]";
    }

    /**
     * Builds an {@link HttpClientFactory}; every setting is optional.
     *
     * <p>Where settings come from, highest precedence first, key by key: {@link #service} and
     * {@link #defaults} (later calls win over earlier ones); {@link #overrides} (the last given
     * wins); JVM system properties ({@code -Dnala.defaults.call-timeout=2s}); {@code application.conf}
     * (or the configuration given to {@link #config}, which replaces it and the system properties);
     * Nala's {@code reference.conf}. Environment variables named in the docs ({@code
     * NALA_DEPLOYMENT_MODE}, {@code CONSUL_HTTP_ADDR}, ...) win over the keys they stand for.
     */
    public static final class Builder {
        private Config config;
        private final List<Config> overrides = new ArrayList<>();
        private final SettingsInCode inCode = new SettingsInCode();
        private DeploymentMode mode;
        private OpenTelemetry openTelemetry;
        private Environment environment = Environment.system();

        private Builder() {}

        /**
         * The configuration to use instead of {@code application.conf} and system properties;
         * Nala's defaults fill the gaps. To add settings on top of {@code application.conf}, use
         * {@link #overrides} instead.
         */
        public Builder config(Config config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Settings taken over {@code application.conf} (or over {@link #config}), key by key:
         * what the file does not set keeps coming from it. May be called more than once; the last
         * given wins.
         */
        public Builder overrides(Config overrides) {
            this.overrides.add(Objects.requireNonNull(overrides, "overrides"));
            return this;
        }

        /**
         * Settings of one service ({@code nala.services."<name>"}) in code, over those of the
         * configuration; validated with them when the factory is built.
         *
         * @param name the service's name, as in the URL host ({@code payment-service})
         */
        public Builder service(String name, Consumer<ServiceOptions> settings) {
            Objects.requireNonNull(name, "name");
            settings.accept(new ServiceOptions(inCode.service(name)));
            return this;
        }

        /** Settings every service inherits ({@code nala.defaults}) in code, over those of the configuration. */
        public Builder defaults(Consumer<ServiceOptions> settings) {
            settings.accept(new ServiceOptions(inCode.defaults()));
            return this;
        }

        /** Forces a mode, over the environment and the configuration. */
        public Builder mode(DeploymentMode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Where spans, metrics and trace propagators come from. Default: the global instance if
         * one has been set (for example by the OpenTelemetry Java agent) when the factory is
         * built, else a no-op.
         */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            this.openTelemetry = openTelemetry;
            return this;
        }

        /**
         * Where environment variables and system properties are read. Default: the real
         * process. Tests use {@link Environment#of} to set variables without touching it.
         */
        public Builder environment(Environment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Builds the factory.
         *
         * @throws NalaConfigurationException if the mode or any setting is invalid, or the
         *     chosen mode's module is not on the classpath
         */
        public HttpClientFactory build() {
            return new HttpClientFactory(this);
        }

        /**
         * The {@link HttpClientFactory#describe()} report of the factory {@link #build()} would
         * make, without making it: nothing is started, nothing is left running.
         *
         * @throws NalaConfigurationException as {@link #build()} would, for an invalid mode or
         *     setting or a missing mode module
         */
        public DeploymentReport describe() {
            Config resolved = resolvedConfig();
            ModeSelection selection = ModeSelection.decide(mode, environment, resolved);
            NalaSettings settings = NalaSettings.load(resolved, environment);
            DeploymentModeProvider provider = ModeProviders.find(selection, HttpClientFactory.class.getClassLoader());
            OpenTelemetry telemetry = openTelemetry != null ? openTelemetry : OpenTelemetry.noop();
            return DeploymentDescription.describe(
                    selection, provider, new ModeContext(settings, telemetry, environment));
        }

        /** Every source of settings, layered in the order of precedence and resolved. */
        Config resolvedConfig() {
            try {
                Config base =
                        config == null ? ConfigFactory.load() : config.withFallback(ConfigFactory.defaultReference());
                for (Config override : overrides) {
                    base = override.withFallback(base);
                }
                return inCode.over(base).resolve();
            } catch (ConfigException.UnresolvedSubstitution e) {
                throw new NalaConfigurationException(
                        "Invalid configuration: " + e.getMessage()
                                + "; a ${VAR} that must be set fails when it is not: write ${?VAR} for an optional"
                                + " environment variable",
                        e);
            } catch (ConfigException e) {
                throw new NalaConfigurationException("Invalid Nala configuration: " + e.getMessage(), e);
            }
        }
    }
}
