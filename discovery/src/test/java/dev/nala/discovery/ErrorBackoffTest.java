package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErrorBackoffTest {

    @Test
    void doublesFromInitialUpToTheCap() {
        ErrorBackoff full = new ErrorBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 1.0);
        assertThat(full.pauseAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(full.pauseAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(full.pauseAfter(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(full.pauseAfter(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(full.pauseAfter(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(full.pauseAfter(1_000)).isEqualTo(Duration.ofSeconds(1));
        assertThat(full.max()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterKeepsEachPauseBetweenHalfAndAllOfItsCap() {
        ErrorBackoff least = new ErrorBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0);
        assertThat(least.pauseAfter(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(least.pauseAfter(10)).isEqualTo(Duration.ofMillis(500));
        ErrorBackoff middle = new ErrorBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.5);
        assertThat(middle.pauseAfter(2)).isEqualTo(Duration.ofMillis(150));
    }
}
