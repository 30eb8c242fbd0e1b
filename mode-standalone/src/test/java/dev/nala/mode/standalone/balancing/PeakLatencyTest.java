package dev.nala.mode.standalone.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PeakLatencyTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final PeakLatency latency = new PeakLatency();

    @Test
    void anEndpointWithNoAnswerYetGetsOneRequestThenWeighsAsSlow() {
        assertThat(latency.load(0, 0)).isZero();
        assertThat(latency.load(1, 0)).isEqualTo(2 * PeakLatency.UNKNOWN_NANOS);
    }

    @Test
    void aSlowerAnswerLongAfterThePreviousOneCountsAlmostFully() {
        latency.record(5 * MS, 0);
        latency.record(50 * MS, 10 * PeakLatency.RISE_NANOS);
        assertThat(latency.load(0, 10 * PeakLatency.RISE_NANOS)).isCloseTo(50.0 * MS, within(0.01 * MS));
    }

    @Test
    void oneSlowAnswerAmongManyQuickOnesMovesTheEstimateALittle() {
        for (int i = 0; i < 1_000; i++) {
            latency.record(5 * MS, i * MS);
        }
        latency.record(50 * MS, 1_000 * MS);
        double kept = Math.exp(-1.0 * MS / PeakLatency.RISE_NANOS);
        assertThat(latency.load(0, 1_000 * MS))
                .isCloseTo(5 * MS * kept + 50 * MS * (1 - kept), within(0.001 * MS))
                .isLessThan(6.0 * MS);
    }

    @Test
    void slowerAnswersPullTheEstimateUpFasterThanQuickerOnesPullItDown() {
        PeakLatency falling = new PeakLatency();
        latency.record(5 * MS, 0);
        latency.record(50 * MS, 10 * MS);
        falling.record(50 * MS, 0);
        falling.record(5 * MS, 10 * MS);
        assertThat(latency.load(0, 10 * MS) - 5 * MS)
                .as("risen")
                .isGreaterThan(3 * (50 * MS - falling.load(0, 10 * MS)));
    }

    @Test
    void fasterAnswersPullItDownByHowMuchTimePassed() {
        latency.record(50 * MS, 0);
        latency.record(5 * MS, PeakLatency.SETTLE_NANOS);
        double kept = Math.exp(-1);
        assertThat(latency.load(0, PeakLatency.SETTLE_NANOS))
                .isCloseTo(50 * MS * kept + 5 * MS * (1 - kept), within(1.0));
        for (int i = 2; i < 40; i++) {
            latency.record(5 * MS, i * PeakLatency.SETTLE_NANOS);
        }
        assertThat(latency.load(0, 39 * PeakLatency.SETTLE_NANOS)).isCloseTo(5.0 * MS, within(0.01 * MS));
    }

    @Test
    void aBusyEndpointsEstimateStaysAtItsLatency() {
        for (int i = 0; i < 10_000; i++) {
            latency.record(5 * MS, i * MS);
        }
        assertThat(latency.load(0, 9_999 * MS)).isCloseTo(5.0 * MS, within(0.001 * MS));
    }

    @Test
    void withoutAnswersTheEstimateFadesSoTheEndpointIsTriedAgain() {
        latency.record(50 * MS, 0);
        assertThat(latency.load(0, PeakLatency.FADE_NANOS)).isCloseTo(50 * MS * Math.exp(-1), within(1.0));
        assertThat(latency.load(0, 10 * PeakLatency.FADE_NANOS)).isLessThan(0.01 * MS);
    }

    @Test
    void aFailureCountsAsAtLeastTwiceTheEstimateAtOnce() {
        latency.record(10 * MS, 0);
        latency.recordFailure(MS / 10, 0);
        assertThat(latency.load(0, 0)).as("a fast failure").isCloseTo(20.0 * MS, within(0.001 * MS));
        latency.recordFailure(300 * MS, 0);
        assertThat(latency.load(0, 0)).as("a slow one (a timeout)").isCloseTo(300.0 * MS, within(0.001 * MS));
    }

    @Test
    void aFirstAnswerThatFailedIsTakenAsItCame() {
        latency.recordFailure(3 * MS, 0);
        assertThat(latency.load(0, 0)).isCloseTo(3.0 * MS, within(0.001 * MS));
    }

    @Test
    void requestsInFlightMultiplyTheLoad() {
        latency.record(10 * MS, 0);
        assertThat(latency.load(3, 0)).isCloseTo(40.0 * MS, within(0.001 * MS));
    }
}
