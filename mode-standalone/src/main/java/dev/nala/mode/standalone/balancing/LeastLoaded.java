package dev.nala.mode.standalone.balancing;

import dev.nala.mode.standalone.TriedEndpoints;
import java.util.function.LongSupplier;

/**
 * Power of two choices (as Finagle and Linkerd do): draw two endpoints at random, send to the
 * less loaded one. Nearly as good as asking every endpoint, at the cost of two. The load is either
 * the requests in flight ({@link #leastOutstanding()}) or those times the endpoint's recent
 * latency ({@link #peakEwma(LongSupplier)}), which sees an endpoint that is slow rather than busy.
 */
final class LeastLoaded implements EndpointPicker {
    private final LongSupplier nanoTime;
    private final boolean weighLatency;

    private LeastLoaded(LongSupplier nanoTime, boolean weighLatency) {
        this.nanoTime = nanoTime;
        this.weighLatency = weighLatency;
    }

    /** Fewer requests in flight wins. */
    static LeastLoaded leastOutstanding() {
        return new LeastLoaded(() -> 0, false);
    }

    /** Lower {@link PeakLatency#load} wins: latency estimate times requests in flight plus one. */
    static LeastLoaded peakEwma(LongSupplier nanoTime) {
        return new LeastLoaded(nanoTime, true);
    }

    @Override
    public boolean weighsLatency() {
        return weighLatency;
    }

    @Override
    public EndpointState pick(EndpointState[] states, TriedEndpoints tried) {
        EndpointState first = Candidates.random(states, tried, null);
        if (first == null) {
            return null;
        }
        EndpointState second = Candidates.random(states, tried, first);
        if (second == null) {
            return first;
        }
        if (!weighLatency) {
            return second.outstanding.get() < first.outstanding.get() ? second : first;
        }
        long now = nanoTime.getAsLong();
        return second.latency.load(second.outstanding.get(), now) < first.latency.load(first.outstanding.get(), now)
                ? second
                : first;
    }
}
