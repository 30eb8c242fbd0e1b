package dev.nala.mode.standalone.breaker;

import dev.nala.CircuitOpenException;
import dev.nala.spi.ServiceName;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Guards each attempt to a logical service with the service's breaker. Runs inside the retry
 * loop, after endpoint selection, so every attempt counts.
 */
final class CircuitBreaking implements Interceptor {
    private static final KClass<ServiceName> SERVICE_TAG = JvmClassMappingKt.getKotlinClass(ServiceName.class);

    private final ServiceBreakers breakers;

    CircuitBreaking(ServiceBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        ServiceName service = request.tag(SERVICE_TAG);
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
        boolean permitted = circuitBreaker.tryAcquirePermission();
        // Every call that can change the state is followed by a look at it (ServiceBreaker#observe).
        breaker.observe();
        if (!permitted) {
            throw new CircuitOpenException(service.value(), breaker.nextProbeAt());
        }
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
            breaker.observe();
            throw e;
        } catch (RuntimeException | Error e) {
            circuitBreaker.releasePermission();
            breaker.observe();
            throw e;
        }
        circuitBreaker.onResult(circuitBreaker.getCurrentTimestamp() - start, circuitBreaker.getTimestampUnit(),
                response);
        breaker.observe();
        return response;
    }
}
