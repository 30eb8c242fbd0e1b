package dev.nala.mode.standalone.balancing;

import dev.nala.internal.CallSubset;
import dev.nala.mode.standalone.AttemptStep;
import dev.nala.mode.standalone.LogicalCall;
import dev.nala.mode.standalone.TriedEndpoints;
import dev.nala.mode.standalone.breaker.FailurePolicy;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends each attempt to a logical service to one of its endpoints: picks it (load balancer, outlier
 * ejection, another endpoint than the call's earlier attempts, within the call's subset if it has
 * one), rewrites the URL, counts the
 * request as outstanding until it comes back, and records how it ended and how long it took.
 * Attempts to other hosts go to the URL as written.
 */
final class EndpointSelection implements AttemptStep {
    private final EndpointPools pools;
    private final AttemptStep next;

    EndpointSelection(EndpointPools pools, AttemptStep next) {
        this.pools = pools;
        this.next = next;
    }

    @Override
    public Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        LogicalCall call = LogicalCall.of(chain.call());
        EndpointPool pool = pools.forUrl(request.url(), chain.call());
        if (pool == null) {
            if (call != null) {
                call.routedTo(null, null);
            }
            return next.proceed(chain, request);
        }
        TriedEndpoints tried = call == null ? null : call.tried();
        CallSubset subset = call == null ? null : call.subset();
        EndpointState chosen = subset == null ? pool.choose(tried) : pool.choose(subset, tried);
        int epoch = chosen.epoch;
        if (tried != null) {
            tried.add(chosen.endpoint);
        }
        HttpUrl url = chosen.target.applyTo(request.url(), chosen.endpoint.port());
        Request routed;
        if (call != null) {
            call.routedTo(pool.service(), url); // written onto the request by a later step, with the request id
            routed = request;
        } else {
            routed = request.newBuilder().url(url).build();
        }
        chosen.outstanding.incrementAndGet();
        boolean timed = pool.weighsLatency();
        long sentAt = timed ? System.nanoTime() : 0;
        AttemptOutcome outcome = AttemptOutcome.NONE;
        try {
            Response response = next.proceed(chain, routed);
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
