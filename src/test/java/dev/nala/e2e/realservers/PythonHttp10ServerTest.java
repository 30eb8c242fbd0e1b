package dev.nala.e2e.realservers;

import static dev.nala.e2e.realservers.Pacing.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.e2e.support.ScriptedServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario: an upstream with the semantics of {@code python3 -m http.server}, which answers
 * HTTP/1.0 with a {@code Content-Length} and no {@code Connection} header, then closes the
 * connection. An HTTP/1.0 answer without {@code Connection: keep-alive} ends its connection, so a
 * client that pools it anyway fails its next request on it ("unexpected end of stream"): before
 * issue 19, mesh mode failed half its calls and standalone's breaker opened.
 *
 * <p>Pacing: 10 waves of 20 calls per scenario, 80 concurrent calls per wave, gaps of 50 to 300 ms
 * (the server closes every connection as soon as it has answered, so any reuse meets a closed
 * connection; the gaps only make sure its close has arrived before the next wave).
 */
class PythonHttp10ServerTest extends RealServerScenarios {
    private static final Pacing PACING = Pacing.waves(
            20,
            millis(50),
            millis(300),
            millis(100),
            millis(250),
            millis(50),
            millis(300),
            millis(150),
            millis(200),
            millis(50));

    @Override
    Map<Scenario, ScenarioResult> runScenarios(Path dir) throws Exception {
        try (ScriptedServer python = ScriptedServer.pythonHttp10(dir)) {
            return PacedRun.run("python http.server (HTTP/1.0)", python.port(), python.requests(), PACING);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void anHttp10AnswerWithoutKeepAliveLeavesNoConnectionToReuseSoNothingIsResent(Scenario scenario) {
        ScenarioResult result = result(scenario);
        assertThat(result.resends()).as(result.details()).isZero();
    }
}
