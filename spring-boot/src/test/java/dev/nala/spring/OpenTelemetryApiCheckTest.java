package dev.nala.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class OpenTelemetryApiCheckTest {

    @Test
    void theMessageCanNameTheVersionNalaIsBuiltWith() {
        assertThat(OpenTelemetryApiCheck.builtWith()).matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void theApiThisBuildTestsWithPasses() {
        assertThatCode(OpenTelemetryApiCheck::check).doesNotThrowAnyException();
    }
}
