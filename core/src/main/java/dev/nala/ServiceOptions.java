package dev.nala;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A service's settings written in code, for {@link HttpClientFactory.Builder#service} and
 * {@link HttpClientFactory.Builder#defaults}.
 *
 * <pre>{@code
 * HttpClientFactory factory = HttpClientFactory.builder()
 *         .service("payment-service", s -> s
 *                 .callTimeout(Duration.ofSeconds(2))
 *                 .retry(r -> r.maxAttempts(2)))
 *         .build();
 * }</pre>
 *
 * <p>Each method sets the key of the same name in {@code docs/configuration.md}, and the values
 * are validated exactly like those of {@code application.conf}, when the factory is built: a bad
 * value fails {@link HttpClientFactory.Builder#build()} with the same message, naming the builder
 * call it came from. Settings made in code win over {@code application.conf}, key by key. Any key
 * without a method of its own is set with {@link #set}.
 */
public final class ServiceOptions {
    private final SettingsInCode.Block block;

    ServiceOptions(SettingsInCode.Block block) {
        this.block = block;
    }

    /** {@code port}: the port to call (the Kubernetes Service port in mesh mode). */
    public ServiceOptions port(int port) {
        return set("port", port);
    }

    /**
     * {@code discovery = static} with these {@code endpoints}: standalone mode calls exactly these
     * instances instead of asking Consul.
     *
     * @param hostPorts {@code "host:port"} entries, e.g. {@code "10.0.0.5:8080"}, {@code "[::1]:8081"}
     */
    public ServiceOptions staticEndpoints(String... hostPorts) {
        set("discovery", "static");
        return set("endpoints", List.copyOf(Arrays.asList(hostPorts)));
    }

    /** {@code call-timeout}: the whole call, every attempt and backoff included. */
    public ServiceOptions callTimeout(Duration timeout) {
        return set("call-timeout", timeout);
    }

    /** {@code per-try-timeout}: one attempt (standalone). */
    public ServiceOptions perTryTimeout(Duration timeout) {
        return set("per-try-timeout", timeout);
    }

    /** The {@code retry} block (standalone). */
    public ServiceOptions retry(Consumer<RetryOptions> retry) {
        retry.accept(new RetryOptions(block.under("retry")));
        return this;
    }

    /** The {@code circuit-breaker} block (standalone). */
    public ServiceOptions circuitBreaker(Consumer<CircuitBreakerOptions> breaker) {
        breaker.accept(new CircuitBreakerOptions(block.under("circuit-breaker")));
        return this;
    }

    /**
     * Any service key, as a path below the service's block, e.g.
     * {@code set("outlier-detection.ejection-time", Duration.ofSeconds(10))}.
     *
     * @param value a {@code String}, {@code Number}, {@code Boolean}, {@link Duration} or a
     *     {@code List} of those; validated when the factory is built, like the same value in a file
     */
    public ServiceOptions set(String key, Object value) {
        block.set(key, value);
        return this;
    }
}
