package dev.nala.mode.standalone;

import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.mode.standalone.breaker.ServiceBreakers;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/** Sends each attempt to a logical service through that service's circuit breaker; attempts to other hosts pass. */
final class BreakerGuard implements AttemptStep {
    private final ServiceBreakers breakers;
    private final AttemptStep next;

    private BreakerGuard(ServiceBreakers breakers, AttemptStep next) {
        this.breakers = breakers;
        this.next = next;
    }

    /** {@code next} itself when no service (and not the defaults) has a breaker enabled. */
    static AttemptStep around(AttemptStep next, ServiceBreakers breakers, NalaSettings settings) {
        boolean anyEnabled = settings.defaults().circuitBreaker().enabled()
                || settings.configuredServices().values().stream()
                        .map(ServiceSettings::circuitBreaker)
                        .anyMatch(breaker -> breaker.enabled());
        return anyEnabled ? new BreakerGuard(breakers, next) : next;
    }

    @Override
    public Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        LogicalCall call = LogicalCall.of(chain.call());
        ServiceName service = call == null ? null : call.routedTo();
        if (service == null) {
            return next.proceed(chain, request);
        }
        return breakers.guard(chain, request, service, next);
    }
}
