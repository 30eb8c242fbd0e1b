package dev.nala.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/reliability.md shows exactly the table the fault-matrix tests assert. */
class FaultMatrixDocTest {
    private static final String BEGIN =
            "<!-- FAULT-MATRIX:BEGIN (generated from src/test/java/dev/nala/e2e/FaultMatrix.java; FaultMatrixDocTest checks it) -->\n";
    private static final String END = "<!-- FAULT-MATRIX:END -->";

    @Test
    void theDocumentedMatrixIsTheTestedOne() throws Exception {
        // Surefire runs in e2e-tests/; the docs are beside it at the repository root.
        Path doc = Path.of("..", "docs", "reliability.md");
        String text = Files.readString(doc);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as(doc + " must hold the marker line " + BEGIN).isNotNegative();
        assertThat(end).as(doc + " must hold the marker line " + END).isGreaterThan(begin);
        assertThat(text.substring(begin + BEGIN.length(), end))
                .as("the table in %s; replace it with the expected text below", doc)
                .isEqualTo(FaultMatrix.markdown());
    }
}
