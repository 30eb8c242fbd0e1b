package dev.nala.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.e2e.FaultMatrix.Row;
import dev.nala.e2e.FaultRun.Observed;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scenario 5, mesh column: every cell of {@link FaultMatrix} as mesh mode really behaves. */
class FaultMatrixMeshTest {
    private static final Logger log = LoggerFactory.getLogger(FaultMatrixMeshTest.class);

    static List<Row> rows() {
        return FaultMatrix.ROWS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void meshModeMakesExactlyTheExpectedAttemptsAndHandsTheCallerTheExpectedOutcome(Row row) throws Exception {
        Observed observed = FaultRun.observe(FaultRun.MESH, row.fault(), row.method());
        String what = row + ": " + FaultRun.describe(observed);
        log.info("mesh {}", what);
        assertThat(observed.attempts()).as(what).isEqualTo(row.mesh().attempts());
        assertThat(row.mesh().outcome().matches(observed.outcome()))
                .as(what + "; expected " + row.mesh().outcome().markdown())
                .isTrue();
    }
}
