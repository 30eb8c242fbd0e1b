package dev.nala.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.RetryPolicy;
import dev.failsafe.okhttp.FailsafeCall;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.internal.settings.ConnectionPoolSettings;
import dev.nala.internal.settings.DispatcherSettings;
import dev.nala.internal.settings.NalaSettings;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Builds each {@link Contender} for a {@link Target}, configured the same way everywhere.
 *
 * <p>Every OkHttp client built here for a contender other than Nala's has a dispatcher with the
 * limits of a Nala factory's client ({@code nala.dispatcher}, by default 256 calls in flight and
 * 256 per host, where OkHttp's own are 64 and 5), so that {@code enqueue()} runs compare clients
 * allowed the same calls in flight. {@code execute()} calls never count against those limits: for them such
 * a client is {@code new OkHttpClient()}.
 */
final class Clients {
    private Clients() {}

    static BenchClient create(Contender contender, Target target) {
        return switch (contender) {
            case RAW_OKHTTP, RAW_OKHTTP_AGAIN -> okHttp(okHttpBuilder(target).build(), target, target.directUrls());
            case RAW_OKHTTP_BY_NAME -> okHttp(okHttpBuilder(target).build(), target, target.clusterUrls());
            case RAW_OKHTTP_NALA_POOL -> okHttp(withNalasPool(target), target, target.directUrls());
            case NALA_MESH -> nala(DeploymentMode.MESH, target);
            case NALA_STANDALONE -> nala(DeploymentMode.STANDALONE, target);
            case RESILIENCE4J -> okHttp(handWired(target).build(), target, target.directUrls());
            case FAILSAFE -> failsafe(target, okHttpBuilder(target), target.directUrls());
            case FAILSAFE_ROUTED_BY_HAND ->
                failsafe(target, okHttpBuilder(target).addInterceptor(routedByHand(target)), target.logicalUrls());
            case RAW_OKHTTP_CALL_TIMEOUT ->
                okHttp(okHttpBuilder(target).callTimeout(Duration.ofSeconds(10)).build(), target, target.directUrls());
            case ROUTED_BY_HAND ->
                okHttp(
                        okHttpBuilder(target)
                                .addInterceptor(routedByHand(target))
                                .build(),
                        target,
                        target.logicalUrls());
            case RESILIENCE4J_ROUTED_BY_HAND ->
                okHttp(handWired(target).addInterceptor(routedByHand(target)).build(), target, target.logicalUrls());
        };
    }

    /** Raw OkHttp with the connection pool a Nala factory's client gets from the same settings. */
    private static OkHttpClient withNalasPool(Target target) {
        ConnectionPoolSettings pool = nalaSettings(target).connectionPool();
        return okHttpBuilder(target)
                .connectionPool(
                        new ConnectionPool(pool.maxIdle(), pool.keepAlive().toMillis(), TimeUnit.MILLISECONDS))
                .build();
    }

    /** A plain OkHttp builder, but for its dispatcher's limits: those a Nala factory's client gets from the same settings. */
    private static OkHttpClient.Builder okHttpBuilder(Target target) {
        DispatcherSettings limits = nalaSettings(target).dispatcher();
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(limits.maxRequests());
        dispatcher.setMaxRequestsPerHost(limits.maxRequestsPerHost());
        return new OkHttpClient.Builder().dispatcher(dispatcher);
    }

    /** What a Nala factory reads from the benchmarks' settings over Nala's defaults ({@code reference.conf}). */
    private static NalaSettings nalaSettings(Target target) {
        Config config = nalaConfig(target)
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
        return NalaSettings.load(config, Environment.of(Map.of()));
    }

    private static HandWrittenRouting routedByHand(Target target) {
        return new HandWrittenRouting(endpoints(target));
    }

    /** OkHttp with the hand-wired Resilience4j interceptor, and its own connection retries off like Nala's. */
    private static OkHttpClient.Builder handWired(Target target) {
        return okHttpBuilder(target)
                .retryOnConnectionFailure(false)
                .addInterceptor(new HandWiredResilience(target.retryWait(), target.breakers()));
    }

    /**
     * Nala's settings for the benchmarks: static discovery for standalone, the server's port for
     * mesh, and the target's own settings of the service over those.
     */
    static Config nalaConfig(Target target) {
        Map<String, Object> service = new HashMap<>();
        service.put("endpoints", endpoints(target));
        if (!target.isCanned()) {
            service.put("port", target.port());
        }
        Map<String, Object> values = new HashMap<>();
        values.put("nala.defaults.discovery", "static");
        values.put("nala.defaults.retry.backoff.initial", target.retryWait().toMillis() + "ms");
        values.put(
                "nala.defaults.retry.backoff.max",
                Math.max(1, target.retryWait().toMillis() * 4) + "ms");
        values.put("nala.defaults.circuit-breaker.enabled", target.breakers());
        values.put("nala.services.\"" + Target.SERVICE + "\"", service);
        return ConfigFactory.parseString(target.serviceSettings())
                .atPath("nala.services.\"" + Target.SERVICE + "\"")
                .withFallback(ConfigFactory.parseMap(values));
    }

    private static List<String> endpoints(Target target) {
        if (!target.isCanned()) {
            return target.ports().stream().map(port -> "127.0.0.1:" + port).toList();
        }
        List<String> endpoints = new ArrayList<>(target.endpoints());
        for (int i = 0; i < target.endpoints(); i++) {
            endpoints.add("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff) + ":8080");
        }
        return endpoints;
    }

    /** A factory that reads nothing from the process: no environment variable, no application.conf. */
    static HttpClientFactory factory(DeploymentMode mode, Target target) {
        return HttpClientFactory.builder()
                .mode(mode)
                .config(nalaConfig(target))
                .environment(Environment.of(Map.of()))
                .openTelemetry(OpenTelemetry.noop())
                .build();
    }

    private static BenchClient nala(DeploymentMode mode, Target target) {
        HttpClientFactory factory = factory(mode, target);
        OkHttpClient client = factory.client();
        BenchClient calls = okHttp(client, target, target.logicalUrls());
        return new BenchClient() {
            @Override
            public int get() throws IOException {
                return calls.get();
            }

            @Override
            public void enqueue(IntConsumer done) {
                calls.enqueue(done);
            }

            @Override
            public void close() {
                calls.close();
                factory.close();
            }
        };
    }

    /** The client as is, or with the canned answer appended as its last application interceptor. */
    private static BenchClient okHttp(OkHttpClient base, Target target, List<String> urls) {
        OkHttpClient client = target.isCanned()
                ? base.newBuilder().addInterceptor(CannedResponse.OK).build()
                : base;
        Requests requests = new Requests(urls);
        return new BenchClient() {
            @Override
            public int get() throws IOException {
                try (Response response = client.newCall(requests.next()).execute()) {
                    return consume(response);
                }
            }

            @Override
            public void enqueue(IntConsumer done) {
                client.newCall(requests.next()).enqueue(new Callback() {
                    @Override
                    public void onFailure(Call call, IOException e) {
                        done.accept(BenchClient.FAILED);
                    }

                    @Override
                    public void onResponse(Call call, Response response) {
                        done.accept(consumeAndClose(response));
                    }
                });
            }

            @Override
            public void close() {
                shutdown(client);
            }
        };
    }

    /** Calls through Failsafe's retry policy and circuit breaker, on a client built from {@code builder}. */
    private static BenchClient failsafe(Target target, OkHttpClient.Builder builder, List<String> urls) {
        OkHttpClient base = builder.retryOnConnectionFailure(false).build();
        OkHttpClient client = target.isCanned()
                ? base.newBuilder().addInterceptor(CannedResponse.OK).build()
                : base;
        RetryPolicy<Response> retry = RetryPolicy.<Response>builder()
                .handle(IOException.class)
                .handleResultIf(response -> response.code() >= 500)
                .withMaxAttempts(3)
                .withDelay(target.retryWait())
                .onRetry(event -> {
                    Response failed = event.getLastResult();
                    if (failed != null) {
                        failed.close();
                    }
                })
                .build();
        FailsafeCall.FailsafeCallBuilder policies;
        if (target.breakers()) {
            CircuitBreaker<Response> breaker = CircuitBreaker.<Response>builder()
                    .handle(IOException.class)
                    .handleResultIf(response -> response.code() >= 500)
                    .withFailureThreshold(50, 100)
                    .withDelay(Duration.ofSeconds(30))
                    .build();
            policies = FailsafeCall.with(retry, breaker);
        } else {
            policies = FailsafeCall.with(retry);
        }
        Requests requests = new Requests(urls);
        return new BenchClient() {
            @Override
            public int get() throws IOException {
                try (Response response =
                        policies.compose(client.newCall(requests.next())).execute()) {
                    return consume(response);
                }
            }

            @Override
            public void enqueue(IntConsumer done) {
                policies.compose(client.newCall(requests.next()))
                        .executeAsync()
                        .whenComplete((response, failure) ->
                                done.accept(response == null ? BenchClient.FAILED : consumeAndClose(response)));
            }

            @Override
            public void close() {
                shutdown(client);
            }
        };
    }

    /** GETs of the given URLs, built beforehand, handed out one after another from any thread. */
    private static final class Requests {
        private final Request[] requests;
        private final AtomicInteger next = new AtomicInteger();

        Requests(List<String> urls) {
            this.requests = urls.stream()
                    .map(url -> new Request.Builder().url(url).build())
                    .toArray(Request[]::new);
        }

        Request next() {
            // One URL (every load run): no counter that all the caller threads would write to.
            if (requests.length == 1) {
                return requests[0];
            }
            return requests[Math.floorMod(next.getAndIncrement(), requests.length)];
        }
    }

    /** {@link #consume}, then closes the response; {@link BenchClient#FAILED} if reading the body failed. */
    private static int consumeAndClose(Response response) {
        try (response) {
            return consume(response);
        } catch (IOException e) {
            return BenchClient.FAILED;
        }
    }

    private static int consume(Response response) throws IOException {
        ResponseBody body = response.body();
        if (body.contentLength() >= 0) {
            body.source().skip(body.contentLength());
        } else {
            body.source().readByteString();
        }
        return response.code();
    }

    private static void shutdown(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
