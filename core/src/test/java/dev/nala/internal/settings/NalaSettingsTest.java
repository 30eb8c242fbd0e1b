package dev.nala.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.nala.Environment;
import dev.nala.NalaConfigurationException;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ServiceSettings.DiscoverySource;
import dev.nala.internal.settings.ServiceSettings.LoadBalancer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NalaSettingsTest {
    private static final ServiceName PAYMENT = ServiceName.of("payment-service");

    static NalaSettings load(String hocon) {
        return load(hocon, Map.of());
    }

    static NalaSettings load(String hocon, Map<String, String> env) {
        return NalaSettings.load(
                ConfigFactory.parseString(hocon)
                        .withFallback(ConfigFactory.defaultReference())
                        .resolve(),
                Environment.of(env));
    }

    @Test
    void shippedDefaultsMatchTheDesign() {
        NalaSettings settings = load("");
        ServiceSettings defaults = settings.defaults();
        assertThat(defaults.port()).isEqualTo(80);
        assertThat(defaults.discovery()).isEqualTo(DiscoverySource.CONSUL);
        assertThat(defaults.callTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.perTryTimeout()).isEmpty();
        assertThat(defaults.loadBalancer()).isEqualTo(LoadBalancer.PEAK_EWMA);
        assertThat(defaults.retry().maxAttempts()).isEqualTo(3);
        assertThat(defaults.retry().initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.retry().backoffMultiplier()).isEqualTo(2.0);
        assertThat(defaults.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.retry().onStatus()).containsExactlyInAnyOrder(429, 500, 502, 503, 504);
        assertThat(defaults.retry().nonIdempotent()).isFalse();
        assertThat(defaults.retry().budget()).isEqualTo(new RetryBudgetSettings(true, 0.2, 10, Duration.ofSeconds(10)));
        assertThat(defaults.outlierDetection())
                .isEqualTo(new OutlierDetectionSettings(
                        5,
                        new OutlierDetectionSettings.FailureRate(true, 40, 0.3),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(300),
                        50));
        assertThat(defaults.circuitBreaker().failureRateThreshold()).isEqualTo(50);
        assertThat(defaults.circuitBreaker().minimumCalls()).isEqualTo(20);
        assertThat(defaults.circuitBreaker().waitInOpen()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.circuitBreaker().sharedState()).isEqualTo(CircuitBreakerSettings.SharedState.NONE);
        assertThat(defaults.concurrencyLimit())
                .isEqualTo(new ConcurrencyLimitSettings(
                        false, 20, 8, 256, ConcurrencyLimitSettings.WhenExceeded.WAIT, 256, Duration.ofSeconds(1)));
        assertThat(defaults.tls().isConfigured()).isFalse();
        assertThat(settings.consul().address().toString()).isEqualTo("http://127.0.0.1:8500/");
        assertThat(settings.consul().token()).isEmpty();
        assertThat(settings.consul().consistency()).isEqualTo(ConsulSettings.Consistency.STALE);
        assertThat(settings.consul().blockingWait()).isEqualTo(Duration.ofSeconds(55));
        assertThat(settings.kubernetes().clusterDomain()).isEqualTo("cluster.local");
        assertThat(settings.dispatcher()).isEqualTo(new DispatcherSettings(256, 256));
        assertThat(settings.kubernetes().namespace()).isEmpty();
        assertThat(settings.redis().keyPrefix()).isEqualTo("nala");
        assertThat(settings.connectionPool()).isEqualTo(new ConnectionPoolSettings(64, Duration.ofSeconds(4)));
    }

    @Test
    void theConcurrencyLimitStartsWithinItsBounds() {
        assertThat(
                        load("nala.services.orders.concurrency-limit { enabled = true, when-exceeded = fail, initial = 4, min = 2 }")
                                .service(ServiceName.of("orders"))
                                .concurrencyLimit())
                .isEqualTo(new ConcurrencyLimitSettings(
                        true, 4, 2, 256, ConcurrencyLimitSettings.WhenExceeded.FAIL, 256, Duration.ofSeconds(1)));
        assertThatThrownBy(() -> load("nala.defaults.concurrency-limit { initial = 300 }"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.defaults.concurrency-limit.initial")
                .hasMessageContaining("must lie between nala.defaults.concurrency-limit.min (8) and"
                        + " nala.defaults.concurrency-limit.max (256)");
        assertThatThrownBy(() -> load("nala.defaults.concurrency-limit.when-exceeded = queue"))
                .hasMessageContaining("valid values are wait, fail");
    }

    @Test
    void aCountWithAFractionIsRefusedRatherThanCutToAWholeNumber() {
        assertThatThrownBy(() -> load("nala.defaults.retry.max-attempts = 2.5"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith("Invalid setting nala.defaults.retry.max-attempts = 2.5")
                .hasMessageContaining("expected a whole number between 1 and");
        assertThatThrownBy(() -> load("nala.defaults.retry.max-attempts = \"2.5\""))
                .as("as Spring properties and env overrides write it")
                .hasMessageContaining("expected a whole number");
        assertThatThrownBy(() -> load("nala.defaults.retry.on-status = [503, 500.5]"))
                .hasMessageStartingWith("Invalid setting nala.defaults.retry.on-status = [503,500.5]")
                .hasMessageContaining("expected a list of whole numbers");
        assertThat(load("nala.defaults.retry { max-attempts = 2.0, on-status = [\"503\"] }")
                        .defaults()
                        .retry())
                .extracting(RetrySettings::maxAttempts, RetrySettings::onStatus)
                .containsExactly(2, Set.of(503));
    }

    @Test
    void connectionPoolSettingsAreReadAndBounded() {
        assertThat(load("nala.connection-pool { max-idle = 0, keep-alive = 30s }")
                        .connectionPool())
                .isEqualTo(new ConnectionPoolSettings(0, Duration.ofSeconds(30)));
        assertThatThrownBy(() -> load("nala.connection-pool.max-idle = -1"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith("Invalid setting nala.connection-pool.max-idle = -1")
                .hasMessageContaining("must be between 0 and 10000");
        assertThatThrownBy(() -> load("nala.connection-pool.max-idle = many"))
                .hasMessageStartingWith("Invalid setting nala.connection-pool.max-idle = \"many\"")
                .hasMessageContaining("expected a whole number between 0 and 10000");
        assertThatThrownBy(() -> load("nala.connection-pool.keep-alive = 0s"))
                .hasMessageStartingWith("Invalid setting nala.connection-pool.keep-alive = \"0s\"")
                .hasMessageContaining("must be between 1s and 1h");
        assertThatThrownBy(() -> load("nala.connection-pool.keep-alive = forever"))
                .hasMessageStartingWith("Invalid setting nala.connection-pool.keep-alive = \"forever\"")
                .hasMessageContaining("expected a duration such as 250ms, 2s or 1m");
    }

    @Test
    void aServiceBlockOverridesTheDefaultsKeyByKey() {
        NalaSettings settings = load(""
                + "nala.defaults { call-timeout = 4s, retry.backoff.initial = 50ms }\n"
                + "nala.services.\"payment-service\" { port = 8080, retry.max-attempts = 2 }");
        ServiceSettings payment = settings.service(PAYMENT);
        assertThat(payment.configPath()).isEqualTo("nala.services.\"payment-service\"");
        assertThat(payment.port()).isEqualTo(8080);
        assertThat(payment.retry().maxAttempts()).isEqualTo(2);
        // Everything it does not set comes from nala.defaults, including the application's own defaults.
        assertThat(payment.callTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(payment.retry().initialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(payment.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.configuredServices()).containsOnlyKeys(PAYMENT);
    }

    @Test
    void aServiceWithoutABlockGetsTheDefaults() {
        NalaSettings settings = load("nala.defaults.port = 9090");
        assertThat(settings.service(ServiceName.of("inventory")).port()).isEqualTo(9090);
        assertThat(settings.service(ServiceName.of("inventory"))).isSameAs(settings.defaults());
    }

    @Test
    void staticEndpointsAreParsedAndValidated() {
        NalaSettings settings = load(
                "nala.services.inventory { discovery = static, endpoints = [\"10.0.0.5:8080\", \"[::1]:8081\", \"inv.internal:443\"] }");
        assertThat(settings.service(ServiceName.of("inventory")).endpoints())
                .containsExactly(
                        Endpoint.of("10.0.0.5", 8080), Endpoint.of("::1", 8081), Endpoint.of("inv.internal", 443));
    }

    @Test
    void malformedDurationNamesTheKeyValueAndFile() {
        assertThatThrownBy(() -> load("nala.defaults.call-timeout = 3 parsecs"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith("Invalid setting nala.defaults.call-timeout = \"3 parsecs\" (String: 1)")
                .hasMessageContaining("expected a duration such as 250ms, 2s or 1m");
    }

    @Test
    void durationOutOfRangeShowsTheBoundsAsTheyAreWritten() {
        assertThatThrownBy(() -> load("nala.defaults.call-timeout = 0ms"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("must be between 1ms and 24h");
        assertThatThrownBy(() -> load("nala.consul.wait = 11m")).hasMessageContaining("must be between 1s and 10m");
        assertThatThrownBy(() -> load("nala.defaults.retry.backoff.initial = 2m"))
                .hasMessageContaining("must be between 0s and 1m");
    }

    @Test
    void negativeAttemptCountInAServiceBlockNamesTheServicePath() {
        assertThatThrownBy(() -> load("nala.services.\"payment-service\".retry.max-attempts = -1"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith("Invalid setting nala.services.\"payment-service\".retry.max-attempts = -1")
                .hasMessageContaining("must be between 1 and 100");
    }

    @Test
    void portOutsideTheValidRangeFails() {
        assertThatThrownBy(() -> load("nala.services.orders.port = 70000"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith("Invalid setting nala.services.\"orders\".port = 70000")
                .hasMessageContaining("must be between 1 and 65535");
        assertThatThrownBy(() -> load("nala.defaults.port = 0"))
                .hasMessageStartingWith("Invalid setting nala.defaults.port = 0");
    }

    @Test
    void wrongTypeFails() {
        assertThatThrownBy(() -> load("nala.defaults.retry.max-attempts = lots"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith("Invalid setting nala.defaults.retry.max-attempts = \"lots\"");
    }

    @Test
    void unknownChoiceListsTheValidOnes() {
        assertThatThrownBy(() -> load("nala.defaults.load-balancer = random"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.defaults.load-balancer = \"random\"")
                .hasMessageContaining("valid values are peak-ewma, least-outstanding, round-robin");
        assertThatThrownBy(() -> load("nala.defaults.circuit-breaker.shared-state = memcached"))
                .hasMessageContaining("valid values are none, redis");
    }

    @Test
    void badStaticEndpointNamesTheEntry() {
        assertThatThrownBy(
                        () -> load("nala.services.inventory { discovery = static, endpoints = [\"10.0.0.5:99999\"] }"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.services.\"inventory\".endpoints")
                .hasMessageContaining("10.0.0.5:99999")
                .hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> load("nala.services.inventory { discovery = static, endpoints = [\"evil/host:80\"] }"))
                .hasMessageContaining("evil/host");
    }

    @Test
    void staticDiscoveryWithoutEndpointsFails() {
        assertThatThrownBy(() -> load("nala.services.inventory.discovery = static"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.services.\"inventory\".endpoints is empty");
    }

    @Test
    void serviceKeysMustBeValidServiceNames() {
        assertThatThrownBy(() -> load("nala.services.\"Payment_Service\".port = 8080"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.services.\"Payment_Service\"")
                .hasMessageContaining("lower-case");
        assertThatThrownBy(() -> load("nala.services.orders = 8080"))
                .hasMessageContaining("expected an object of service settings");
    }

    @Test
    void backoffCapShorterThanItsStartFails() {
        assertThatThrownBy(() -> load("nala.defaults.retry.backoff { initial = 1s, max = 500ms }"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.defaults.retry.backoff.max")
                .hasMessageContaining("must not be shorter than nala.defaults.retry.backoff.initial");
    }

    @Test
    void statusListOutsideHttpRangeFails() {
        assertThatThrownBy(() -> load("nala.defaults.retry.on-status = [503, 42]"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("found 42");
    }

    @Test
    void tlsStoresAreReadWithTheirPaths() {
        NalaSettings settings = load("nala.services.payments.tls {\n"
                + " trust-store { path = /etc/ca.p12, password = hunter2 }\n"
                + " key-store { path = /etc/client.pem, type = PEM, key-path = /etc/client.key }\n"
                + " server-name = payments.internal }");
        TlsSettings tls = settings.service(ServiceName.of("payments")).tls();
        assertThat(tls.trustStore()).get().satisfies(store -> {
            assertThat(store.path().toString()).isEqualTo("/etc/ca.p12");
            assertThat(store.password()).get().extracting(Secret::reveal).isEqualTo("hunter2");
            assertThat(store.configPath()).isEqualTo("nala.services.\"payments\".tls.trust-store");
        });
        assertThat(tls.keyStore())
                .get()
                .extracting(TlsSettings.StoreSettings::keyPath)
                .isEqualTo(Optional.of(java.nio.file.Path.of("/etc/client.key")));
        assertThat(tls.serverName()).contains("payments.internal");
        assertThat(tls.toString()).doesNotContain("hunter2");
    }

    @Test
    void pemKeyStoreNeedsItsKey() {
        assertThatThrownBy(() -> load("nala.defaults.tls.key-store { path = /etc/client.pem, type = PEM }"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.defaults.tls.key-store.key-path");
    }

    @Test
    void secretsNeverAppearInErrors() {
        assertThatThrownBy(() -> load("nala.defaults.tls.trust-store { path = /x, password = [hunter2] }"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.defaults.tls.trust-store.password")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> load("nala.redis.uri = \"http://:hunter2@redis:6379\""))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void consulAddressAndTokenComeFromTheEnvironmentFirst() {
        NalaSettings settings = load(
                "nala.consul { address = \"http://consul.config:8500\", token = from-config }",
                Map.of("CONSUL_HTTP_ADDR", "consul.env:8501", "CONSUL_HTTP_TOKEN", "from-env"));
        assertThat(settings.consul().address().toString()).isEqualTo("http://consul.env:8501/");
        assertThat(settings.consul().addressSource()).isEqualTo("env CONSUL_HTTP_ADDR");
        assertThat(settings.consul().token()).get().extracting(Secret::reveal).isEqualTo("from-env");

        NalaSettings fromConfig = load("nala.consul { address = \"https://consul.config:8501\", token = from-config }");
        assertThat(fromConfig.consul().address().toString()).isEqualTo("https://consul.config:8501/");
        assertThat(fromConfig.consul().token()).get().extracting(Secret::reveal).isEqualTo("from-config");
        assertThat(fromConfig.consul().toString()).doesNotContain("from-config");
    }

    @Test
    void badConsulAddressNamesItsSource() {
        assertThatThrownBy(() -> load("", Map.of("CONSUL_HTTP_ADDR", "unix:///var/run/consul.sock")))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("unix:///var/run/consul.sock")
                .hasMessageContaining("env CONSUL_HTTP_ADDR")
                .hasMessageContaining("expected http://host:port or https://host:port");
        assertThatThrownBy(() -> load("nala.consul.address = \"ftp://consul:21\""))
                .hasMessageContaining("config key nala.consul.address");
    }

    @Test
    void redisUriFromTheEnvironmentWins() {
        NalaSettings settings = load("", Map.of("NALA_REDIS_URI", "rediss://:pw@redis.internal:6380"));
        assertThat(settings.redis().uri().reveal()).isEqualTo("rediss://:pw@redis.internal:6380");
        assertThat(settings.redis().toString()).doesNotContain("pw@");
    }

    @Test
    void kubernetesNamespaceAndDomainAreValidated() {
        assertThatThrownBy(() -> load("nala.kubernetes.namespace = \"Team_A\""))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("nala.kubernetes.namespace");
        assertThatThrownBy(() -> load("nala.kubernetes.cluster-domain = \"bad domain\""))
                .hasMessageContaining("nala.kubernetes.cluster-domain");
    }

    @Test
    void tellsWhichKeysTheApplicationSetItself() {
        NalaSettings settings = load("nala.services.\"payment-service\" { port = 8080, retry.max-attempts = 2 }");
        assertThat(settings.keysSetByApplication("nala.services.\"payment-service\".retry"))
                .containsExactly("nala.services.\"payment-service\".retry.max-attempts");
        assertThat(settings.keysSetByApplication("nala.defaults.retry")).isEmpty();
        assertThat(Set.copyOf(settings.keysSetByApplication("nala.services.\"payment-service\"")))
                .containsExactlyInAnyOrder(
                        "nala.services.\"payment-service\".port",
                        "nala.services.\"payment-service\".retry.max-attempts");
    }

    @Test
    void keysSetByApplicationAcceptsAPathWhoseValueIsNull() {
        NalaSettings settings = load("nala.services.\"payment-service\".per-try-timeout = null");
        assertThat(settings.keysSetByApplication("nala.defaults.per-try-timeout"))
                .isEmpty();
        assertThat(settings.keysSetByApplication("nala.services.\"payment-service\".per-try-timeout"))
                .containsExactly("nala.services.\"payment-service\".per-try-timeout");
    }
}
