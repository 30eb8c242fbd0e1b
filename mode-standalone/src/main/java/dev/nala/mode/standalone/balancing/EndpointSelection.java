package dev.nala.mode.standalone.balancing;

import dev.nala.mode.standalone.Attempt;
import dev.nala.mode.standalone.TriedEndpoints;
import dev.nala.mode.standalone.breaker.FailurePolicy;
import dev.nala.spi.ServiceName;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends each attempt to a logical service to one of its endpoints: picks it (load balancer,
 * outlier ejection, a different endpoint than earlier attempts of the call), rewrites the URL,
 * counts the request as outstanding until it comes back, and records how it ended. Other hosts
 * pass through to the URL as written.
 *
 * <p>The rewritten request carries the {@link ServiceName} as a tag, for the interceptors after
 * this one, which no longer see the logical host. Every attempt, to any host, also gets the
 * call's {@code x-request-id} ({@link Attempt}) here: the one copy of the request per attempt.
 */
final class EndpointSelection implements Interceptor {
    private final EndpointPools pools;

    EndpointSelection(EndpointPools pools) {
        this.pools = pools;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Attempt attempt = Attempt.of(chain.call());
        EndpointPool pool = pools.forUrl(request.url());
        if (pool == null) {
            return chain.proceed(attempt == null ? request : attempt.withRequestId(request));
        }
        ServiceName service = pool.service();
        TriedEndpoints tried = attempt == null ? null : attempt.tried();
        EndpointState chosen = pool.choose(tried);
        int epoch = chosen.epoch;
        if (tried != null) {
            tried.add(chosen.endpoint);
        }
        Request.Builder routed = request.newBuilder()
                .url(chosen.target.applyTo(request.url(), chosen.endpoint.port()))
                .tag(ServiceName.TAG, service);
        if (attempt != null) {
            attempt.addRequestId(routed);
        }
        chosen.outstanding.incrementAndGet();
        AttemptOutcome outcome = AttemptOutcome.NONE;
        try {
            Response response = chain.proceed(routed.build());
            outcome = FailurePolicy.isFailureStatus(response.code()) ? AttemptOutcome.FAILURE : AttemptOutcome.SUCCESS;
            return response;
        } catch (IOException e) {
            outcome = FailurePolicy.isFailure(e, chain.call()) ? AttemptOutcome.FAILURE : AttemptOutcome.NONE;
            throw e;
        } finally {
            chosen.outstanding.decrementAndGet();
            pool.record(chosen, epoch, outcome);
        }
    }
}
