package dev.nala.benchmarks;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * What a user writes without Nala: one OkHttp interceptor that runs each call through a
 * Resilience4j retry (3 attempts, on 5xx and I/O errors) around a circuit breaker (opens at 50%
 * failures of the last 100 calls, after 20), the same policy sizes as Nala's defaults.
 */
final class HandWiredResilience implements Interceptor {
    private final Retry retry;
    private final CircuitBreaker breaker;

    HandWiredResilience(Duration retryWait, boolean withBreaker) {
        this.retry = Retry.of(
                "bench",
                RetryConfig.<Response>custom()
                        .maxAttempts(3)
                        .waitDuration(retryWait)
                        .retryOnResult(response -> response.code() >= 500)
                        .retryExceptions(IOException.class)
                        .consumeResultBeforeRetryAttempt((attempt, response) -> response.close())
                        .build());
        this.breaker = withBreaker
                ? CircuitBreaker.of(
                        "bench",
                        CircuitBreakerConfig.custom()
                                .failureRateThreshold(50)
                                .slidingWindowSize(100)
                                .minimumNumberOfCalls(20)
                                .waitDurationInOpenState(Duration.ofSeconds(30))
                                .recordResult(result -> result instanceof Response r && r.code() >= 500)
                                .build())
                : null;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        try {
            if (breaker == null) {
                return retry.executeCallable(() -> chain.proceed(request));
            }
            return retry.executeCallable(() -> breaker.executeCallable(() -> chain.proceed(request)));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            // CallNotPermittedException (breaker open) too: OkHttp interceptors may only throw IOException.
            throw new IOException("Resilience4j call to " + request.url() + " failed", e);
        }
    }
}
