package dev.nala.e2e.realservers;

import static dev.nala.e2e.realservers.Pacing.millis;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real-server scenarios keep every connection's idle time clear of the moment the server
 * closes idle connections: a slow wave stretches a short gap past the close rather than let the
 * next wave's requests cross it.
 */
class PacingTest {
    private static final Pacing AROUND_ONE_SECOND =
            Pacing.waves(20, millis(300), millis(1_500)).avoidingIdleTimesNear(Duration.ofSeconds(1));

    @Test
    void aShortGapAfterAQuickWaveIsKept() {
        assertThat(AROUND_ONE_SECOND.gapAfter(0, millis(200))).isEqualTo(millis(300));
    }

    @Test
    void aShortGapAfterASlowWaveIsStretchedPastTheServersClose() {
        // 300 ms + a 600 ms wave + the start spread reaches 950 ms, within the guard of 1 s.
        assertThat(AROUND_ONE_SECOND.gapAfter(0, millis(600)))
                .isGreaterThan(Duration.ofSeconds(1).plus(Pacing.GUARD));
    }

    @Test
    void aLongGapIsKept() {
        assertThat(AROUND_ONE_SECOND.gapAfter(1, millis(900))).isEqualTo(millis(1_500));
    }

    @Test
    void aGapStretchedPastOneCloseAlsoClearsTheNext() {
        Pacing node =
                Pacing.waves(25, millis(4_300)).avoidingIdleTimesNear(Duration.ofSeconds(5), Duration.ofSeconds(6));
        assertThat(node.gapAfter(0, millis(100))).isEqualTo(millis(4_300));
        // A 700 ms wave: 4.3 s reaches 5 s; 5.15 s would reach 6 s; so past 6.15 s.
        assertThat(node.gapAfter(0, millis(700)))
                .isGreaterThan(Duration.ofSeconds(6).plus(Pacing.GUARD));
    }

    @Test
    void withoutKnownClosesEveryGapIsKept() {
        assertThat(Pacing.waves(20, millis(50)).gapAfter(0, millis(5_000))).isEqualTo(millis(50));
    }
}
