package dev.nala.mode.standalone.balancing;

import java.util.concurrent.TimeUnit;

/**
 * An endpoint's recent response time as a peak EWMA that rises fast, settles slowly and fades
 * while no answer comes; see "peak-ewma" in docs/standalone.md. Times are {@link
 * System#nanoTime()} readings, passed in so tests can choose them.
 */
final class PeakLatency {
    /** Time constants: after this long a sample (or, for FADE, the estimate) weighs 1/e. */
    static final long RISE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long FADE_NANOS = TimeUnit.SECONDS.toNanos(4);
    /** What an endpoint with no answer yet weighs per request in flight. */
    static final double UNKNOWN_NANOS = TimeUnit.SECONDS.toNanos(1);

    // Written under the lock, read without it: a torn read fades the estimate a little off, once.
    private volatile double estimateNanos;
    private volatile long sampledAtNanos;
    private volatile boolean sampled;

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

    /** Counts as at least twice the current estimate, so a failing endpoint never looks fast. */
    synchronized void recordFailure(long tookNanos, long nowNanos) {
        double penalized = sampled ? Math.min(2 * faded(nowNanos), Long.MAX_VALUE / 4) : tookNanos;
        estimateNanos = Math.max(tookNanos, penalized);
        sampledAtNanos = nowNanos;
        sampled = true;
    }

    private double faded(long nowNanos) {
        return estimateNanos * Math.exp(-Math.max(0, nowNanos - sampledAtNanos) / (double) FADE_NANOS);
    }

    /** Estimate times (outstanding + 1); an endpoint with no answer yet weighs 0 while idle. */
    double load(int outstanding, long nowNanos) {
        if (!sampled) {
            return outstanding == 0 ? 0 : UNKNOWN_NANOS * (outstanding + 1);
        }
        return faded(nowNanos) * (outstanding + 1);
    }
}
