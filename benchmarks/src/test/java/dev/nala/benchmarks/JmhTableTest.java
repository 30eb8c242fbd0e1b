package dev.nala.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JmhTableTest {
    private static final String HEADER =
            "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: client\"";

    @Test
    void pairsTimeWithAllocationAndComparesWithRawOkHttp() {
        String table = JmhTable.format(
                List.of(
                        HEADER,
                        "\"dev.nala.benchmarks.ChainOverheadBenchmark.call\",\"avgt\",1,5,400.0,10.0,\"ns/op\",raw-okhttp",
                        "\"dev.nala.benchmarks.ChainOverheadBenchmark.call:gc.alloc.rate\",\"avgt\",1,5,900.0,1.0,\"MB/sec\",raw-okhttp",
                        "\"dev.nala.benchmarks.ChainOverheadBenchmark.call:gc.alloc.rate.norm\",\"avgt\",1,5,1000.0,0.1,\"B/op\",raw-okhttp",
                        "\"dev.nala.benchmarks.ChainOverheadBenchmark.call\",\"avgt\",1,5,1000.0,50.0,\"ns/op\",nala-mesh",
                        "\"dev.nala.benchmarks.ChainOverheadBenchmark.call:gc.alloc.rate.norm\",\"avgt\",1,5,1500.0,0.1,\"B/op\",nala-mesh"));

        assertThat(table)
                .contains(
                        "| ChainOverheadBenchmark.call | raw-okhttp | 400.0 | 10.0 | ns/op | 1000 | 1.00 | 1.00 | +0, +0 |");
        assertThat(table)
                .contains(
                        "| ChainOverheadBenchmark.call | nala-mesh | 1000.0 | 50.0 | ns/op | 1500 | 2.50 | 1.50 | +600, +500 |");
        assertThat(table).doesNotContain("MB/sec");
    }

    @Test
    void leavesRatiosBlankWithoutARawOkHttpRow() {
        String table = JmhTable.format(
                List.of(
                        "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: endpoints\"",
                        "\"dev.nala.mode.standalone.balancing.SelectionBenchmark.select\",\"avgt\",1,3,50.0,5.0,\"ns/op\",10000"));

        assertThat(table).contains("| SelectionBenchmark.select | 10000 | 50.0 | 5.0 | ns/op |  |  |  |  |");
    }

    @Test
    void rejectsAFileThatIsNotAJmhResult() {
        assertThatThrownBy(() -> JmhTable.format(List.of())).hasMessageContaining("empty");
        assertThatThrownBy(() -> JmhTable.format(List.of("a,b,c"))).hasMessageContaining("Not a JMH CSV result");
    }

    @Test
    void splitsQuotedCells() {
        assertThat(JmhTable.split("\"a,b\",c,\"say \"\"hi\"\"\"")).containsExactly("a,b", "c", "say \"hi\"");
    }
}
