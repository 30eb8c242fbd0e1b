package dev.nala.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    @Test
    void givesThroughputAndP99AsRatiosToRawOkHttpOfTheSameRun() {
        String table = LoadReport.table(8, List.of(
                new LoadStats.Summary("raw-okhttp", 20_000, 0, 8, 2.0, 100, 400, 900),
                new LoadStats.Summary("nala-mesh", 19_000, 0, 9, 2.0, 105, 420, 950)));

        assertThat(table).contains("| 8 | raw-okhttp | 10000 | 1.00 | 100.0 | 400.0 | 1.00 | 900.0 | 20000 | 0 | 8 |");
        assertThat(table).contains("| 8 | nala-mesh | 9500 | 0.95 | 105.0 | 420.0 | 1.05 | 950.0 | 19000 | 0 | 9 |");
    }

    @Test
    void aRatioToNothingIsNotANumber() {
        assertThat(LoadReport.ratio(5, 0)).isEqualTo("n/a");
        assertThat(LoadReport.ratio(3, 2)).isEqualTo("1.50");
    }

    @Test
    void failedCallsOrNoCallsMeanTheHarnessBroke() {
        assertThat(new LoadStats.Summary("failsafe", 10, 2, 1, 1.0, 1, 1, 1).problem()).contains("2 failed call(s)");
        assertThat(new LoadStats.Summary("failsafe", 0, 0, 1, 1.0, 0, 0, 0).problem()).contains("no successful call");
        assertThat(new LoadStats.Summary("failsafe", 10, 0, 1, 1.0, 1, 1, 1).problem()).isNull();
    }
}
