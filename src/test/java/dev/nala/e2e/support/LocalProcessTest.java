package dev.nala.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing program fails the end-to-end tests under {@code CI=true} and skips them elsewhere. */
class LocalProcessTest {
    private static final String MISSING = "nala-no-such-program";

    @Test
    void underCiAMissingProgramFailsTheTestAndSaysHowToInstallIt() {
        assertThatThrownBy(() -> LocalProcess.require(MISSING, "some-package", "true"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining(MISSING + " is not installed")
                .hasMessageContaining("apt-get install -y some-package")
                .hasMessageContaining("CI=true");
        assertThatThrownBy(() -> LocalProcess.require(MISSING, "some-package", " TRUE "))
                .isInstanceOf(AssertionFailedError.class);
    }

    @Test
    void outsideCiAMissingProgramSkipsTheTestAndSaysHowToInstallIt() {
        for (String ci : new String[] {null, "", "false"}) {
            assertThatThrownBy(() -> LocalProcess.require(MISSING, "some-package", ci))
                    .as("CI=%s", ci)
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("apt-get install -y some-package");
        }
    }

    @Test
    void theInstalledSidecarIsFound() {
        // .ci/run installs haproxy; on a developer machine without it this test is skipped like the others.
        assertThat(LocalProcess.require("haproxy", "haproxy")).isExecutable();
    }
}
