package dev.nala.mode.standalone.balancing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One endpoint's last 100 to 200 attempt outcomes, for {@link Outliers}: the current block of
 * {@value #BLOCK} requests and the one before. Counting is one atomic add; the owning {@link
 * EndpointPool} rolls blocks over and clears them under its lock.
 */
final class RecentOutcomes {
    static final int BLOCK = 100;
    private static final long ONE_REQUEST = 1L << 32;

    /** The current block: requests in the high 32 bits, failures in the low. */
    private final AtomicLong current = new AtomicLong();
    /** The block before; guarded by the pool's lock. */
    private volatile long previous;

    /** @return whether the block is full and wants {@link #rollOver} */
    boolean success() {
        return requestsIn(current.addAndGet(ONE_REQUEST)) >= BLOCK;
    }

    /** @return whether the block is full and wants {@link #rollOver} */
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

    /** Under the pool's lock. */
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
