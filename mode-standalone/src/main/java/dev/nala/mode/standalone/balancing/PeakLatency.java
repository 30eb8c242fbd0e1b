package dev.nala.mode.standalone.balancing;

import java.util.concurrent.TimeUnit;

/**
 * An endpoint's recent response time as a peak EWMA, the kind of estimate Finagle's and Linkerd's
 * balancers use: an answer slower than the estimate pulls it up quickly ({@link #RISE_NANOS}), a
 * faster one pulls it down slowly ({@link #SETTLE_NANOS}), each weighted by the time since the
 * previous answer. Read, the estimate also fades toward zero for as long as no answer comes
 * ({@link #FADE_NANOS}), so an endpoint that was slow and then got no requests becomes worth one
 * request again and can show that it recovered. The fading is left out of the stored estimate:
 * folding it in on every read would drag a busy endpoint's estimate below its real latency.
 *
 * <p>Unlike Finagle's, a slower answer does not replace the estimate outright: on a busy endpoint
 * one pause among hundreds of quick answers then moves it a little, where replacing it would hand
 * a slow endpoint the requests each pause sheds (in simulation, 1 % of the requests when one answer
 * in a thousand pauses). An endpoint that has really become slow still counts at once: its answers
 * come far apart, so each one weighs almost fully. Failures do replace the estimate.
 *
 * <p>Times are {@link System#nanoTime()} readings, passed in so tests can choose them.
 */
final class PeakLatency {
    /** How fast slower answers pull the estimate up: after this long a sample weighs 1/e of what it did. */
    static final long RISE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How fast faster answers pull the estimate down: after this long a sample weighs 1/e of what it did. */
    static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How fast the estimate fades while no answer comes: to 1/e of itself in this long. */
    static final long FADE_NANOS = TimeUnit.SECONDS.toNanos(4);
    /** What an endpoint with no answer yet weighs per request in flight: treated as slow until it answers. */
    static final double UNKNOWN_NANOS = TimeUnit.SECONDS.toNanos(1);

    // Written under this object's lock; read without it on every pick. A pick that sees a new
    // estimate with the previous time (or the reverse) fades it a little differently, once.
    private volatile double estimateNanos;
    private volatile long sampledAtNanos;
    private volatile boolean sampled;

    /** Takes the time one request to the endpoint took, answered at {@code nowNanos}. */
    synchronized void record(long tookNanos, long nowNanos) {
        if (!sampled) {
            estimateNanos = tookNanos;
        } else {
            long constant = tookNanos >= estimateNanos ? RISE_NANOS : SETTLE_NANOS;
            double kept = Math.exp(-Math.max(0, nowNanos - sampledAtNanos) / (double) constant);
            estimateNanos = estimateNanos * kept + tookNanos * (1 - kept);
        }
        sampledAtNanos = nowNanos;
        sampled = true;
    }

    /**
     * Takes a request that failed (an error or a failure status) after {@code tookNanos}: it counts
     * as taking at least twice the current estimate. A failure must never make an endpoint look
     * faster, or one that fails at once would draw the most requests; counting it as slow also
     * moves requests off an endpoint while it fails, before outlier ejection has seen enough of its
     * requests to judge it. As with any slow answer, the estimate then fades and the endpoint is
     * tried again.
     */
    synchronized void recordFailure(long tookNanos, long nowNanos) {
        double penalized = sampled ? Math.min(2 * faded(nowNanos), Long.MAX_VALUE / 4) : tookNanos;
        estimateNanos = Math.max(tookNanos, penalized);
        sampledAtNanos = nowNanos;
        sampled = true;
    }

    private double faded(long nowNanos) {
        return estimateNanos * Math.exp(-Math.max(0, nowNanos - sampledAtNanos) / (double) FADE_NANOS);
    }

    /**
     * The endpoint's load: its latency estimate at {@code nowNanos} times the requests it would
     * have in flight with one more. An endpoint that has not answered yet weighs nothing while idle,
     * so it gets a first request, and {@link #UNKNOWN_NANOS} per request in flight after that.
     */
    double load(int outstanding, long nowNanos) {
        if (!sampled) {
            return outstanding == 0 ? 0 : UNKNOWN_NANOS * (outstanding + 1);
        }
        return faded(nowNanos) * (outstanding + 1);
    }
}
