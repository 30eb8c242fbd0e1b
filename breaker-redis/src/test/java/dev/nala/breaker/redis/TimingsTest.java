package dev.nala.breaker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimingsTest {
    private static Timings retries(long firstMillis, long maxMillis) {
        return new Timings(
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofMillis(firstMillis),
                Duration.ofMillis(maxMillis),
                Duration.ofSeconds(1));
    }

    @Test
    void thePauseDoublesFromTheFirstUpToTheLongest() {
        Timings timings = retries(500, 10_000);
        long[] millis = new long[7];
        for (int failures = 1; failures <= 7; failures++) {
            millis[failures - 1] =
                    Duration.ofNanos(timings.retryNanos(failures)).toMillis();
        }
        assertThat(millis).containsExactly(500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000);
        assertThat(timings.retryNanos(Integer.MAX_VALUE))
                .isEqualTo(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void aFirstPauseLongerThanTheLongestIsKeptOnceThenCapped() {
        Timings timings = retries(3_000, 1_000);
        assertThat(timings.retryNanos(1)).isEqualTo(Duration.ofSeconds(3).toNanos());
        assertThat(timings.retryNanos(2)).isEqualTo(Duration.ofSeconds(1).toNanos());
    }
}
