package dev.nala.discovery;

import java.util.function.LongSupplier;

/** Bounds how often a watch may ask Consul, however fast its answers come back. */
final class TokenBucket {
    private final double permitsPerNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double permits;
    private long refilledAt;

    TokenBucket(double perSecond, int burst, LongSupplier nanoClock) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("A token bucket needs a positive rate and a burst of at least 1, got "
                    + perSecond + "/s and " + burst);
        }
        this.permitsPerNano = perSecond / 1_000_000_000d;
        this.capacity = burst;
        this.nanoClock = nanoClock;
        this.permits = burst;
        this.refilledAt = nanoClock.getAsLong();
    }

    /** @return 0 if a permit was taken, else nanoseconds until one will be available */
    synchronized long tryTake() {
        long now = nanoClock.getAsLong();
        permits = Math.min(capacity, permits + (now - refilledAt) * permitsPerNano);
        refilledAt = now;
        if (permits >= 1) {
            permits -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - permits) / permitsPerNano));
    }
}
