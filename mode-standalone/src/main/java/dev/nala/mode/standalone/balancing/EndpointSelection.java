package dev.nala.mode.standalone.balancing;

import dev.nala.mode.standalone.Attempt;
import dev.nala.mode.standalone.AttemptStep;
import dev.nala.mode.standalone.TriedEndpoints;
import dev.nala.mode.standalone.breaker.FailurePolicy;
import dev.nala.mode.standalone.breaker.ServiceBreakers;
import dev.nala.spi.ServiceName;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An attempt's endpoint selection ({@link AttemptStep}; the retry loop calls it, after the
 * service's concurrency limit where one is enabled). It sends each attempt to a logical service
 * to one of its endpoints: picks it (load balancer, outlier ejection, a different endpoint than
 * earlier attempts of the call), rewrites the URL, counts the request as outstanding until it
 * comes back, and records how it ended and how long it took; in between, the attempt goes
 * through the service's circuit breaker and then the remaining {@link AttemptStep}s. Other hosts
 * pass through to the URL as written, straight to those steps.
 *
 * <p>Every attempt, to any host, also gets the call's {@code x-request-id} ({@link Attempt}) here:
 * the one copy of the request per attempt.
 */
final class EndpointSelection implements AttemptStep {
    private final EndpointPools pools;
    private final ServiceBreakers breakers;
    private final AttemptStep next;

    /** @param next what each attempt goes through after its endpoint and the breaker */
    EndpointSelection(EndpointPools pools, ServiceBreakers breakers, AttemptStep next) {
        this.pools = pools;
        this.breakers = breakers;
        this.next = next;
    }

    @Override
    public Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        Attempt attempt = Attempt.of(chain.call());
        EndpointPool pool = pools.forUrl(request.url(), chain.call());
        if (pool == null) {
            return next.proceed(chain, attempt == null ? request : attempt.withRequestId(request));
        }
        ServiceName service = pool.service();
        TriedEndpoints tried = attempt == null ? null : attempt.tried();
        EndpointState chosen = pool.choose(tried);
        int epoch = chosen.epoch;
        if (tried != null) {
            tried.add(chosen.endpoint);
        }
        Request.Builder routed = request.newBuilder().url(chosen.target.applyTo(request.url(), chosen.endpoint.port()));
        if (attempt != null) {
            attempt.addRequestId(routed);
        }
        chosen.outstanding.incrementAndGet();
        boolean timed = pool.weighsLatency();
        long sentAt = timed ? System.nanoTime() : 0;
        AttemptOutcome outcome = AttemptOutcome.NONE;
        try {
            Response response = breakers.guard(chain, routed.build(), service, next);
            outcome = FailurePolicy.isFailureStatus(response.code()) ? AttemptOutcome.FAILURE : AttemptOutcome.SUCCESS;
            return response;
        } catch (IOException e) {
            outcome = FailurePolicy.isFailure(e, chain.call()) ? AttemptOutcome.FAILURE : AttemptOutcome.NONE;
            throw e;
        } finally {
            chosen.outstanding.decrementAndGet();
            if (timed && outcome != AttemptOutcome.NONE) {
                long now = System.nanoTime();
                if (outcome == AttemptOutcome.SUCCESS) {
                    chosen.latency.record(now - sentAt, now);
                } else {
                    chosen.latency.recordFailure(now - sentAt, now);
                }
            }
            pool.record(chosen, epoch, outcome);
        }
    }
}
