package dev.nala.mode.standalone.balancing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One endpoint's recent attempt outcomes, for failure-rate ejection ({@link FailureRateOutliers}):
 * requests and failures over the current block of {@value #BLOCK} requests and the block before
 * it, so the rate covers the endpoint's last 100 to 200 requests. Counting takes one atomic add
 * and no lock; the owning {@link EndpointPool} rolls a full block over, and clears the counts,
 * under its lock.
 */
final class RecentOutcomes {
    static final int BLOCK = 100;
    private static final long ONE_REQUEST = 1L << 32;

    /** The current block: requests in the high 32 bits, failures in the low. */
    private final AtomicLong current = new AtomicLong();
    /** The block before; guarded by the pool's lock. */
    private volatile long previous;

    /** Counts a request that succeeded. @return whether the block is full and wants {@link #rollOver} */
    boolean success() {
        return requestsIn(current.addAndGet(ONE_REQUEST)) >= BLOCK;
    }

    /** Counts a request that failed. @return whether the block is full and wants {@link #rollOver} */
    boolean failure() {
        return requestsIn(current.addAndGet(ONE_REQUEST + 1)) >= BLOCK;
    }

    /** Makes a full current block the previous one; under the pool's lock. */
    void rollOver() {
        while (true) {
            long counts = current.get();
            if (requestsIn(counts) < BLOCK) {
                return;
            }
            if (current.compareAndSet(counts, 0)) {
                previous = counts;
                return;
            }
        }
    }

    /** Forgets everything: the endpoint starts afresh (ejected, or readmitted); under the pool's lock. */
    void clear() {
        current.set(0);
        previous = 0;
    }

    int requests() {
        return requestsIn(current.get()) + requestsIn(previous);
    }

    int failures() {
        return failuresIn(current.get()) + failuresIn(previous);
    }

    private static int requestsIn(long counts) {
        return (int) (counts >>> 32);
    }

    private static int failuresIn(long counts) {
        return (int) counts;
    }
}
