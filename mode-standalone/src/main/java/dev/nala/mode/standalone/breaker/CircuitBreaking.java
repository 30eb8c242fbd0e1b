package dev.nala.mode.standalone.breaker;

import dev.nala.CircuitOpenException;
import dev.nala.internal.ServiceName;
import dev.nala.mode.standalone.AttemptStep;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Guards each attempt to a logical service with the service's breaker, as a step of the attempt
 * after endpoint selection ({@link dev.nala.mode.standalone.AttemptStep}), so every attempt counts.
 */
final class CircuitBreaking {
    private final ServiceBreakers breakers;

    CircuitBreaking(ServiceBreakers breakers) {
        this.breakers = breakers;
    }

    /** Sends {@code request} on through {@code next} inside {@code service}'s breaker, if it has one. */
    Response guard(Interceptor.Chain chain, Request request, ServiceName service, AttemptStep next) throws IOException {
        ServiceBreaker breaker = breakers.forService(service);
        if (breaker == null) {
            return next.proceed(chain, request);
        }
        CircuitBreaker circuitBreaker = breaker.circuitBreaker();
        // Every call to the breaker that can change its state is followed by a look at it
        // (ServiceBreaker#observe); nextProbeAt() looks first too.
        if (!circuitBreaker.tryAcquirePermission()) {
            throw new CircuitOpenException(service.value(), breaker.nextProbeAt());
        }
        breaker.observe();
        try {
            return recorded(chain, request, next, circuitBreaker);
        } finally {
            breaker.observe();
        }
    }

    /** Sends the permitted attempt on and records its outcome in {@code circuitBreaker}. */
    private static Response recorded(
            Interceptor.Chain chain, Request request, AttemptStep next, CircuitBreaker circuitBreaker)
            throws IOException {
        long start = circuitBreaker.getCurrentTimestamp();
        Response response;
        try {
            response = next.proceed(chain, request);
        } catch (IOException e) {
            if (FailurePolicy.isFailure(e, chain.call())) {
                circuitBreaker.onError(
                        circuitBreaker.getCurrentTimestamp() - start, circuitBreaker.getTimestampUnit(), e);
            } else {
                circuitBreaker.releasePermission();
            }
            throw e;
        } catch (RuntimeException | Error e) {
            circuitBreaker.releasePermission();
            throw e;
        }
        circuitBreaker.onResult(
                circuitBreaker.getCurrentTimestamp() - start, circuitBreaker.getTimestampUnit(), response);
        return response;
    }
}
