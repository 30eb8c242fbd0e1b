package dev.nala.mode.standalone;

import dev.nala.internal.settings.RetryBudgetSettings;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Caps the retries of one service so that an outage cannot multiply the load on it: a ratio over
 * a ring of {@value #SLICES} time slices plus a one-second token-bucket floor, both lock-free. See
 * "Retry budget" in docs/standalone.md.
 */
final class RetryBudget {
    static final int SLICES = 10;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final boolean enabled;
    private final double ratio;
    private final long sliceNanos;
    private final AtomicReferenceArray<Slice> slices = new AtomicReferenceArray<>(SLICES);
    private final long floorIntervalNanos;
    private final long floorBurstNanos;
    /** When the floor bucket is full again, in clock nanos (generic cell rate algorithm). */
    private final AtomicLong floorPaidUntil;

    private final LongSupplier clock;
    private final int minPerSecond;
    private final LongAdder refusedSinceReport = new LongAdder();
    private final AtomicLong lastReport;

    RetryBudget(RetryBudgetSettings settings, LongSupplier nanoClock) {
        this.enabled = settings.enabled();
        this.ratio = settings.ratio();
        this.sliceNanos = Math.max(1, settings.window().toNanos() / SLICES);
        int perSecond = settings.minPerSecond();
        this.floorIntervalNanos = perSecond == 0 ? 0 : NANOS_PER_SECOND / perSecond;
        this.floorBurstNanos = perSecond == 0 ? 0 : NANOS_PER_SECOND;
        this.clock = nanoClock;
        this.minPerSecond = perSecond;
        this.lastReport = new AtomicLong(nanoClock.getAsLong() - Long.MAX_VALUE / 2);
        this.floorPaidUntil = new AtomicLong(nanoClock.getAsLong()); // starts full
    }

    boolean enabled() {
        return enabled;
    }

    double ratio() {
        return ratio;
    }

    int minPerSecond() {
        return minPerSecond;
    }

    /** @return the refusals to report now (this one included), or 0 to stay quiet */
    long recordRefusal(long intervalNanos) {
        refusedSinceReport.increment();
        long now = clock.getAsLong();
        long previous = lastReport.get();
        if (now - previous >= intervalNanos && lastReport.compareAndSet(previous, now)) {
            return refusedSinceReport.sumThenReset();
        }
        return 0;
    }

    /** Counts one call (its first attempt), which earns {@code ratio} of a retry. */
    void recordCall() {
        if (enabled) {
            current().calls.increment();
        }
    }

    /** @return false if the budget is spent: the caller must not retry */
    boolean tryRetry() {
        if (!enabled) {
            return true;
        }
        Slice slice = current();
        if (ratioBalance(slice.epoch) >= 1.0) {
            slice.retries.increment();
            return true;
        }
        return takeFloorToken();
    }

    /** {@code ratio * calls - retries} over the slices still inside the window. */
    double ratioBalance(long nowEpoch) {
        long calls = 0;
        long retries = 0;
        for (int i = 0; i < SLICES; i++) {
            Slice slice = slices.get(i);
            if (slice != null && slice.epoch > nowEpoch - SLICES && slice.epoch <= nowEpoch) {
                calls += slice.calls.sum();
                retries += slice.retries.sum();
            }
        }
        return ratio * calls - retries;
    }

    private boolean takeFloorToken() {
        if (floorIntervalNanos == 0) {
            return false;
        }
        while (true) {
            long now = clock.getAsLong();
            long paidUntil = floorPaidUntil.get();
            long next = (paidUntil - now > 0 ? paidUntil : now) + floorIntervalNanos;
            if (next - now > floorBurstNanos) {
                return false;
            }
            if (floorPaidUntil.compareAndSet(paidUntil, next)) {
                return true;
            }
        }
    }

    private Slice current() {
        long epoch = Math.floorDiv(clock.getAsLong(), sliceNanos);
        int index = (int) Math.floorMod(epoch, SLICES);
        while (true) {
            Slice slice = slices.get(index);
            if (slice != null && slice.epoch == epoch) {
                return slice;
            }
            if (slice != null && slice.epoch > epoch) {
                return slice; // another thread read a later clock; count here rather than lose it
            }
            Slice fresh = new Slice(epoch);
            if (slices.compareAndSet(index, slice, fresh)) {
                return fresh;
            }
        }
    }

    private static final class Slice {
        final long epoch;
        final LongAdder calls = new LongAdder();
        final LongAdder retries = new LongAdder();

        Slice(long epoch) {
            this.epoch = epoch;
        }
    }
}
