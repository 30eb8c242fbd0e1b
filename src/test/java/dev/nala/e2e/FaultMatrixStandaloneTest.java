package dev.nala.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.e2e.FaultMatrix.Row;
import dev.nala.e2e.FaultRun.Observed;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scenario 5, standalone column: every cell of {@link FaultMatrix} against standalone mode with one static endpoint. */
class FaultMatrixStandaloneTest {
    private static final Logger log = LoggerFactory.getLogger(FaultMatrixStandaloneTest.class);

    static List<Row> rows() {
        return FaultMatrix.ROWS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void standaloneModeMakesExactlyTheExpectedAttemptsAndHandsTheCallerTheExpectedOutcome(Row row) throws Exception {
        Observed observed = FaultRun.observe(FaultRun.STANDALONE, row.fault(), row.method());
        String what = row + ": " + FaultRun.describe(observed);
        log.info("standalone {}", what);
        assertThat(observed.attempts()).as(what).isEqualTo(row.standalone().attempts());
        assertThat(row.standalone().outcome().matches(observed.outcome()))
                .as(what + "; expected " + row.standalone().outcome().markdown())
                .isTrue();
    }
}
