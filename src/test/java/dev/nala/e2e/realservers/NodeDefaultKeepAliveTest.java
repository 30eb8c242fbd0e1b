package dev.nala.e2e.realservers;

import static dev.nala.e2e.realservers.Pacing.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.e2e.support.ScriptedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario: a Node.js {@code http.createServer} with Node's default keep-alive: it closes a
 * connection idle for 5 s (6 s in newer Node versions, which add a 1 s margin to the
 * {@code Keep-Alive: timeout=5} they announce), far below a keep-alive of minutes on the client.
 *
 * <p>Pacing: 8 waves of 25 calls per scenario, 100 concurrent calls per wave. Gaps of 0.5 and 2 s
 * (live connections reused), 4.3 s (past Nala's default keep-alive of about 4 s, before Node's
 * close) and 6.6 s (past Node's close in any version). Idle times near 5 and 6 s are avoided
 * ({@link Pacing}).
 */
class NodeDefaultKeepAliveTest extends RealServerScenarios {
    private static final Pacing PACING = Pacing.waves(
                    25,
                    millis(6_600),
                    millis(500),
                    millis(4_300),
                    millis(6_600),
                    millis(2_000),
                    millis(4_300),
                    millis(6_600))
            .avoidingIdleTimesNear(Duration.ofSeconds(5), Duration.ofSeconds(6));

    @Override
    Map<Scenario, ScenarioResult> runScenarios(Path dir) throws Exception {
        try (ScriptedServer node = ScriptedServer.nodeWithDefaultKeepAlive(dir)) {
            return PacedRun.run("node (default keepAliveTimeout)", node.port(), node.requests(), PACING);
        }
    }

    /** The premise: the short gaps let calls reuse connections. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void callsReusedConnections(Scenario scenario) {
        ScenarioResult result = result(scenario);
        assertThat(result.mostRequestsOnOneConnection()).as(result.details()).isGreaterThanOrEqualTo(2);
    }

    /**
     * Nala's default keep-alive is shorter than Node's default idle timeout, so Nala retires a
     * connection before Node closes it: no call ever meets a closed one, and nothing is resent.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theDefaultKeepAliveRetiresConnectionsBeforeNodeClosesThemSoNothingIsResent(Scenario scenario) {
        ScenarioResult result = result(scenario);
        assertThat(result.resends()).as(result.details()).isZero();
    }
}
