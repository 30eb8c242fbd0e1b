package dev.nala.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoadForkTest {
    private final ByteArrayOutputStream others = new ByteArrayOutputStream();

    private String next(String output, String prefix) throws IOException {
        return LoadFork.nextAnswer(
                new BufferedReader(new StringReader(output)),
                prefix,
                "nala-mesh",
                new PrintStream(others, true, StandardCharsets.UTF_8));
    }

    @Test
    void theJvmsOwnLinesArePassedOnAndSkipped() throws IOException {
        String answer = next("[0.8s][info][jfr,startup] Started recording 1.\nREADY\n", "READY");

        assertThat(answer).isEqualTo("READY");
        assertThat(others.toString(StandardCharsets.UTF_8))
                .contains("nala-mesh: [0.8s][info][jfr,startup] Started recording 1.");
    }

    @Test
    void anotherAnswerThanTheOneExpectedIsAnError() {
        assertThatThrownBy(() -> next("WARM\n", "RESULT "))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nala-mesh's fork answered \"WARM\" instead of RESULT");
    }

    @Test
    void aForkThatEndsWithoutAnsweringIsAnError() {
        assertThatThrownBy(() -> next("some last words\n", "READY"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ended instead of answering READY");
    }
}
