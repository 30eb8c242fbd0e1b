package dev.nala.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    @Test
    void givesThroughputAndP99AsRatiosToRawOkHttpOfTheSameRun() {
        String table = LoadReport.table(
                8,
                List.of(
                        new LoadStats.Summary("raw-okhttp", 20_000, 0, 8, 2.0, 0.8, 100, 400, 900),
                        new LoadStats.Summary("nala-mesh", 19_000, 0, 9, 2.0, 0.95, 105, 420, 950)),
                Map.of());

        // CPU per call: 0.8 s / 20,000 calls = 40 µs; 0.95 s / 19,000 calls = 50 µs
        assertThat(table)
                .contains(
                        "| 8 | raw-okhttp | 10000 | 1.00 |  | 100.0 | 400.0 | 1.00 |  | 900.0 | 40.0 | 1.00 |  | 20000 | 0 | 8 |");
        assertThat(table)
                .contains(
                        "| 8 | nala-mesh | 9500 | 0.95 |  | 105.0 | 420.0 | 1.05 |  | 950.0 | 50.0 | 1.25 |  | 19000 | 0 | 9 |");
    }

    @Test
    void theLoadColumnCanBeNamed() {
        String table = LoadReport.table(
                "in flight",
                512,
                List.of(new LoadStats.Summary("raw-okhttp", 20_000, 0, 8, 2.0, 0.8, 100, 400, 900)),
                Map.of());

        assertThat(table).startsWith("| in flight | client | calls/s |");
        assertThat(table).contains("| 512 | raw-okhttp | 10000 |");
    }

    @Test
    void eachRoundIsComparedWithRawOkHttpsRoundOfItsCycle() {
        List<LoadStats.Summary> raw = List.of(
                new LoadStats.Summary("raw-okhttp", 10_000, 0, 1, 1.0, 0.4, 100, 400, 900),
                new LoadStats.Summary("raw-okhttp", 8_000, 0, 1, 1.0, 0.4, 100, 500, 900));
        List<LoadStats.Summary> mesh = List.of(
                new LoadStats.Summary("nala-mesh", 9_000, 0, 1, 1.0, 0.45, 100, 440, 900),
                new LoadStats.Summary("nala-mesh", 8_800, 0, 1, 1.0, 0.33, 100, 450, 900));
        String table = LoadReport.table(
                8,
                List.of(
                        new LoadStats.Summary("raw-okhttp", 18_000, 0, 2, 2.0, 0.72, 100, 450, 900),
                        new LoadStats.Summary("nala-mesh", 17_400, 0, 2, 2.0, 0.87, 100, 445, 900)),
                Map.of("raw-okhttp", raw, "nala-mesh", mesh));

        // per cycle: throughput 9,000 / 10,000 and 8,800 / 8,000; p99 440 / 400 and 450 / 500;
        // CPU per call 50 µs / 40 µs and 37.5 µs / 50 µs. All rounds together: CPU 50 µs / 40 µs
        assertThat(table)
                .contains("| 8 | nala-mesh | 8700 | 0.97 | 1.00 (0.90-1.10) | 100.0 | 445.0 | 0.99 | 1.00 (0.90-1.10)"
                        + " | 900.0 | 50.0 | 1.25 | 1.00 (0.75-1.25) |");
        assertThat(table).contains("| 8 | raw-okhttp | 9000 | 1.00 | 1.00 | 100.0 | 450.0 | 1.00 | 1.00 |");
    }

    @Test
    void theMedianOfAnOddNumberOfCyclesIsTheMiddleOne() {
        List<LoadStats.Summary> raw = List.of(
                new LoadStats.Summary("raw-okhttp", 1_000, 0, 1, 1.0, 0.1, 100, 400, 900),
                new LoadStats.Summary("raw-okhttp", 1_000, 0, 1, 1.0, 0.1, 100, 400, 900),
                new LoadStats.Summary("raw-okhttp", 1_000, 0, 1, 1.0, 0.1, 100, 400, 900));
        List<LoadStats.Summary> mesh = List.of(
                new LoadStats.Summary("nala-mesh", 700, 0, 1, 1.0, 0.1, 100, 400, 900),
                new LoadStats.Summary("nala-mesh", 1_200, 0, 1, 1.0, 0.1, 100, 400, 900),
                new LoadStats.Summary("nala-mesh", 950, 0, 1, 1.0, 0.1, 100, 400, 900));
        assertThat(LoadReport.spread(mesh, raw, LoadStats.Summary::callsPerSecond))
                .isEqualTo("0.95 (0.70-1.20)");
    }

    @Test
    void aRangeNeedsPairedRounds() {
        List<LoadStats.Summary> one =
                List.of(new LoadStats.Summary("nala-mesh", 9_000, 0, 1, 1.0, 0.45, 100, 440, 900));
        assertThat(LoadReport.spread(one, List.of(), LoadStats.Summary::callsPerSecond))
                .isEmpty();
        assertThat(LoadReport.spread(List.of(), one, LoadStats.Summary::callsPerSecond))
                .isEmpty();
        assertThat(LoadReport.spread(
                        one,
                        List.of(new LoadStats.Summary("raw-okhttp", 0, 0, 1, 1.0, 0.5, 0, 0, 0)),
                        LoadStats.Summary::callsPerSecond))
                .isEmpty();
    }

    @Test
    void aRatioToNothingIsNotANumber() {
        assertThat(LoadReport.ratio(5, 0)).isEqualTo("n/a");
        assertThat(LoadReport.ratio(3, 2)).isEqualTo("1.50");
    }

    @Test
    void failedCallsOrNoCallsMeanTheHarnessBroke() {
        assertThat(new LoadStats.Summary("failsafe", 10, 2, 1, 1.0, 0.5, 1, 1, 1).problem())
                .contains("2 failed call(s)");
        assertThat(new LoadStats.Summary("failsafe", 0, 0, 1, 1.0, 0.5, 0, 0, 0).problem())
                .contains("no successful call");
        assertThat(new LoadStats.Summary("failsafe", 10, 0, 1, 1.0, 0.5, 1, 1, 1).problem())
                .isNull();
    }
}
