package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aFullBucketLetsTheBurstThroughThenTheRate() {
        TokenBucket bucket = new TokenBucket(2.0, 3, now::get);
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        long wait = bucket.tryTake();
        assertThat(wait).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));

        now.addAndGet(wait - 1);
        assertThat(bucket.tryTake()).isPositive();
        now.addAndGet(1);
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
    }

    @Test
    void idleTimeRefillsNoMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(10.0, 2, now::get);
        bucket.tryTake();
        bucket.tryTake();
        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isPositive();
    }

    @Test
    void overAnyWindowThePermitsStayWithinBurstPlusRate() {
        TokenBucket bucket = new TokenBucket(5.0, 4, now::get);
        int taken = 0;
        long start = now.get();
        // A caller that asks every millisecond for ten seconds.
        for (int i = 0; i < 10_000; i++) {
            if (bucket.tryTake() == 0) {
                taken++;
            }
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        }
        double seconds = (now.get() - start) / 1e9;
        assertThat(taken).isLessThanOrEqualTo((int) (4 + 5.0 * seconds)).isGreaterThanOrEqualTo((int) (5.0 * seconds));
    }

    @Test
    void rejectsANonPositiveRateOrBurst() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
