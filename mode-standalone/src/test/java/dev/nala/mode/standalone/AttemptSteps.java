package dev.nala.mode.standalone;

import dev.nala.internal.settings.NalaSettings;
import dev.nala.mode.standalone.balancing.ServiceEndpoints;
import dev.nala.mode.standalone.breaker.ServiceBreakers;
import io.opentelemetry.api.common.Attributes;
import okhttp3.Interceptor;

/** For tests in other packages: the attempt steps around endpoint selection, as {@link StandaloneChain} composes them. */
public final class AttemptSteps {
    private AttemptSteps() {}

    /** Endpoint selection, the attempt's request written and the breaker, then on to the chain; each call tagged as the retry loop would. */
    public static Interceptor routing(ServiceEndpoints endpoints, ServiceBreakers breakers, NalaSettings settings) {
        AttemptStep steps = endpoints.selection(
                AttemptRequest.around(BreakerGuard.around(AttemptStep.PROCEED, breakers, settings)));
        return chain -> {
            LogicalCall.attachTo(chain.call(), new LogicalCall(0, Attributes.empty()));
            return steps.proceed(chain, chain.request());
        };
    }
}
