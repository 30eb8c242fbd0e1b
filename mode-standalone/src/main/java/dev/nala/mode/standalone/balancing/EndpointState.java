package dev.nala.mode.standalone.balancing;

import dev.nala.internal.Endpoint;
import dev.nala.internal.TargetHost;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the load balancer knows about one endpoint; it outlives discovery refreshes while the
 * endpoint stays listed. {@link #outstanding} and {@link #health} are read without a lock; other
 * fields change only under the owning {@link EndpointPool}'s lock.
 */
final class EndpointState {
    enum Health {
        ACTIVE,
        /** Out of rotation until {@link #ejectedUntilMillis}. */
        EJECTED,
        /** Ejection over; one probe request is in flight and decides. */
        PROBING
    }

    final Endpoint endpoint;
    /** The endpoint's host made canonical once, for rewriting each attempt's URL. */
    final TargetHost target;

    final AtomicInteger outstanding = new AtomicInteger();
    final PeakLatency latency = new PeakLatency();

    volatile Health health = Health.ACTIVE;
    /** Moves on each ejection, probe and readmission, so older outcomes are told apart. */
    volatile int epoch;

    volatile int consecutiveFailures;
    /** Recent outcomes, for failure-rate ejection; counted without the pool's lock. */
    final RecentOutcomes outcomes = new RecentOutcomes();

    // Guarded by the pool's lock.
    int ejections;
    long ejectedUntilMillis;
    long activeSinceMillis;
    boolean listed = true;

    /** URLs remembered per endpoint, rewritten ({@link TargetHost}); a service may have thousands of endpoints. */
    static final int REMEMBERED_URLS = 2;

    EndpointState(Endpoint endpoint, long nowMillis) {
        this.endpoint = endpoint;
        this.target = TargetHost.of(endpoint.host(), REMEMBERED_URLS);
        this.activeSinceMillis = nowMillis;
    }

    @Override
    public String toString() {
        return endpoint + " " + health + " outstanding=" + outstanding.get();
    }
}
