package dev.nala.servlet;

import static dev.nala.servlet.InboundHeaders.assertForwarded;
import static dev.nala.servlet.InboundHeaders.assertNoneForwarded;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A container with one thread: after a request with tracing headers, however it was handled (and
 * even when its handler failed), that thread keeps nothing of it, neither for code it runs outside
 * the filter ({@code AsyncContext.start}) nor for the next request.
 */
class NoLeakBetweenRequestsTest {
    @TempDir
    Path folder;

    private CallingWebApp app;

    @BeforeEach
    void start() throws Exception {
        app = new CallingWebApp(folder, 1, deployment -> deployment.threads(1));
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    @ParameterizedTest(name = "after {0}")
    @CsvSource({
        "/sync, 200",
        "/fails, 500",
        "/async-dispatch, 200",
        "/async-start-wrapped, 200",
        "/async-start-inbound-of, 200",
        "/worker, 200"
    })
    void theNextRequestOnTheSameThreadForwardsNothing(String firstPath, int firstStatus) throws Exception {
        app.get(firstPath, true, firstStatus);
        assertForwarded(app.inventory.takeHeaders());

        // Runs on the one container thread outside any filter: it sees whatever the thread kept.
        String bareThread = app.get("/async-start-bare", false, 200);
        assertNoneForwarded(app.inventory.takeHeaders());
        String nextThread = app.get("/sync", false, 200);
        assertNoneForwarded(app.inventory.takeHeaders());

        assertThat(nextThread).as("one container thread").isEqualTo(bareThread);
    }

    @Test
    void requestsTakeTurnsWithAndWithoutHeaders() throws Exception {
        for (int i = 0; i < 5; i++) {
            app.get("/sync", true, 200);
            assertForwarded(app.inventory.takeHeaders());
            app.get("/sync", false, 200);
            assertNoneForwarded(app.inventory.takeHeaders());
        }
    }
}
