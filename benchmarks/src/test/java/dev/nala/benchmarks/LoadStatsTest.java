package dev.nala.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadStatsTest {

    @Test
    void aForksCountsArriveWholeInTheParent() {
        Histogram latency = new Histogram(3);
        for (long micros = 1; micros <= 100; micros++) {
            latency.recordValue(micros * 1_000);
        }
        LoadStats fork = new LoadStats("nala-mesh");
        fork.add(latency, 100, 2);
        fork.addTime(2_000_000_000L, 500_000_000L);

        LoadStats parent = new LoadStats("nala-mesh");
        parent.addWire(fork.toWire());
        parent.addWire(fork.toWire());

        LoadStats.Summary summary = parent.summary();
        assertThat(summary.calls()).isEqualTo(200);
        assertThat(summary.errors()).isEqualTo(4);
        assertThat(summary.seconds()).isEqualTo(4.0);
        assertThat(summary.cpuSeconds()).isEqualTo(1.0);
        assertThat(summary.cpuMicrosPerCall()).isEqualTo(5_000.0);
        assertThat(summary.p50Micros()).isEqualTo(fork.summary().p50Micros());
        assertThat(summary.p99Micros()).isEqualTo(fork.summary().p99Micros());
    }

    @Test
    void oneForksStatsAddIntoAllForksTogether() {
        Histogram latency = new Histogram(3);
        latency.recordValue(10_000);
        latency.recordValue(900_000);
        LoadStats fork = new LoadStats("nala-mesh");
        fork.add(latency, 2, 1);
        fork.addTime(1_000_000_000L, 250_000_000L);
        fork.addConnections(3);

        LoadStats all = new LoadStats("nala-mesh");
        all.add(fork);
        all.add(fork);

        LoadStats.Summary summary = all.summary();
        assertThat(summary.calls()).isEqualTo(4);
        assertThat(summary.errors()).isEqualTo(2);
        assertThat(summary.seconds()).isEqualTo(2.0);
        assertThat(summary.cpuSeconds()).isEqualTo(0.5);
        assertThat(summary.connections()).isEqualTo(6);
        assertThat(summary.p99Micros()).isEqualTo(fork.summary().p99Micros());
        assertThat(fork.summary().calls())
                .as("the fork's own counts are left as they were")
                .isEqualTo(2);
    }

    @Test
    void rejectsALineThatIsNotItsWireForm() {
        assertThatThrownBy(() -> new LoadStats("x").addWire("12 0 5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12 0 5");
    }
}
