package dev.nala.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlowUpstreamReportTest {
    private static final LoadStats.Summary NO_RECOVERY = new LoadStats.Summary("x", 0, 0, 0, 0, 0, 0, 0, 0);

    @Test
    void givesTheSlowInstancesShareAndP99AgainstTheFastOnlyReference() {
        String table = SlowUpstreamReport.steadyTable(List.of(
                new SlowUpstream.Outcome(
                        UpstreamCase.RAW_OKHTTP_FAST_ONLY,
                        new LoadStats.Summary("raw-okhttp-fast-only", 15_000, 0, 0, 10.0, 1.0, 5_200, 6_000, 7_000),
                        new long[] {15_000, 0, 0},
                        List.of(),
                        NO_RECOVERY),
                new SlowUpstream.Outcome(
                        UpstreamCase.NALA_ROUND_ROBIN,
                        new LoadStats.Summary("nala-round-robin", 4_000, 0, 0, 10.0, 1.0, 5_300, 51_000, 52_000),
                        new long[] {1_500, 1_500, 1_000},
                        List.of(),
                        NO_RECOVERY)));

        assertThat(table)
                .contains(
                        "| raw-okhttp-fast-only | a reference: one fast instance only | 1500 | 5.20 | 6.00 | 7.00 | 1.00"
                                + " | none called | one called | 15000 | 0 |");
        assertThat(table)
                .contains("| nala-round-robin | `load-balancer = round-robin` | 400 | 5.30 | 51.00 | 52.00 | 8.50"
                        + " | 25.0 % | 37.5 % / 37.5 % | 4000 | 0 |");
    }

    @Test
    void recoveryNamesTheEndOfTheFirstWindowWithTheShareOrSaysItNeverCame() {
        LoadStats.Summary steady = new LoadStats.Summary("x", 1, 0, 0, 1.0, 0, 0, 0, 0);
        String table = SlowUpstreamReport.recoveryTable(
                List.of(
                        new SlowUpstream.Outcome(
                                UpstreamCase.NALA_PEAK_EWMA,
                                steady,
                                new long[] {1, 1, 0},
                                List.of(new long[] {50, 50, 0}, new long[] {40, 40, 20}, new long[] {35, 35, 30}),
                                steady),
                        new SlowUpstream.Outcome(
                                UpstreamCase.NALA_LEAST_OUTSTANDING,
                                steady,
                                new long[] {1, 1, 0},
                                List.of(new long[] {45, 45, 10}, new long[] {45, 45, 10}, new long[] {45, 45, 10}),
                                steady)),
                250,
                0.25);

        assertThat(table).contains("| after (s) | nala-peak-ewma | nala-least-outstanding |");
        assertThat(table).contains("| **at 25.0 % after** | **0.75 s** | **not within 0.75 s** |");
        assertThat(table).contains("| 0.50 | 20.0 % | 10.0 % |");
    }

    @Test
    void onlyTheCaseWhoseNewSettingIsNamedIsLeftOut() {
        String refusal =
                "Invalid setting nala.services.\"bench-service\".load-balancer = \"peak-ewma\": valid values are"
                        + " least-outstanding, round-robin";

        assertThat(UpstreamCase.NALA_PEAK_EWMA.refusedAsUnknown(refusal)).isTrue();
        assertThat(UpstreamCase.NALA_LEAST_OUTSTANDING_LIMIT.refusedAsUnknown(refusal))
                .isFalse();
        assertThat(UpstreamCase.NALA_LEAST_OUTSTANDING.refusedAsUnknown(refusal))
                .isFalse();
    }
}
