package dev.nala.mode.standalone.balancing;

import dev.nala.internal.CallSubset;
import dev.nala.internal.ServiceName;
import dev.nala.internal.SubsetRoute;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.mode.standalone.AttemptStep;
import dev.nala.mode.standalone.LogicalCall;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Chooses the subset of a call to a service with subsets, once, before its first attempt, and
 * keeps it on the call's state for endpoint selection and telemetry (see "Canary releases" in
 * docs/standalone.md). Left out of the chain when no service defines subsets.
 */
final class SubsetRouting implements AttemptStep {
    /** By service name text, as the URL's host spells it. */
    private final Map<String, SubsetRouter> routers;

    private final AttemptStep next;

    private SubsetRouting(Map<String, SubsetRouter> routers, AttemptStep next) {
        this.routers = routers;
        this.next = next;
    }

    static AttemptStep around(AttemptStep next, NalaSettings settings) {
        Map<String, SubsetRouter> routers = new HashMap<>();
        for (Map.Entry<ServiceName, ServiceSettings> service :
                settings.configuredServices().entrySet()) {
            if (service.getValue().routing().enabled()) {
                String name = service.getKey().value();
                routers.put(name, new SubsetRouter(name, service.getValue().routing()));
            }
        }
        return routers.isEmpty() ? next : new SubsetRouting(Map.copyOf(routers), next);
    }

    @Override
    public Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        LogicalCall call = LogicalCall.of(chain.call());
        if (call != null && !call.subsetChosen()) {
            SubsetRouter router = routers.get(request.url().host());
            SubsetRoute route = router == null ? null : router.choose(request);
            call.subset(route == null ? null : CallSubset.attach(chain.call(), route));
        }
        return next.proceed(chain, request);
    }
}
