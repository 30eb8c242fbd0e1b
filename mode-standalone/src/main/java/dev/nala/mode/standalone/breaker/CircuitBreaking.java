package dev.nala.mode.standalone.breaker;

import dev.nala.CircuitOpenException;
import dev.nala.spi.ServiceName;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Guards each attempt to a logical service with the service's breaker. Runs inside the retry
 * loop, after endpoint selection, so every attempt counts.
 */
final class CircuitBreaking implements Interceptor {
    private final ServiceBreakers breakers;

    CircuitBreaking(ServiceBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        ServiceName service = request.tag(ServiceName.TAG);
        if (service == null) {
            service = ServiceName.fromUrl(request.url()).orElse(null);
            if (service == null) {
                return chain.proceed(request);
            }
        }
        ServiceBreaker breaker = breakers.forService(service);
        if (breaker == null) {
            return chain.proceed(request);
        }
        CircuitBreaker circuitBreaker = breaker.circuitBreaker();
        // Every call to the breaker that can change its state is followed by a look at it
        // (ServiceBreaker#observe); nextProbeAt() looks first too.
        if (!circuitBreaker.tryAcquirePermission()) {
            throw new CircuitOpenException(service.value(), breaker.nextProbeAt());
        }
        breaker.observe();
        try {
            return recorded(chain, request, circuitBreaker);
        } finally {
            breaker.observe();
        }
    }

    /** Sends the permitted attempt on and records its outcome in {@code circuitBreaker}. */
    private static Response recorded(Chain chain, Request request, CircuitBreaker circuitBreaker) throws IOException {
        long start = circuitBreaker.getCurrentTimestamp();
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException e) {
            if (FailurePolicy.isFailure(e, chain.call())) {
                circuitBreaker.onError(circuitBreaker.getCurrentTimestamp() - start,
                        circuitBreaker.getTimestampUnit(), e);
            } else {
                circuitBreaker.releasePermission();
            }
            throw e;
        } catch (RuntimeException | Error e) {
            circuitBreaker.releasePermission();
            throw e;
        }
        circuitBreaker.onResult(circuitBreaker.getCurrentTimestamp() - start, circuitBreaker.getTimestampUnit(),
                response);
        return response;
    }
}
