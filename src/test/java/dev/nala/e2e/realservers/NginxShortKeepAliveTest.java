package dev.nala.e2e.realservers;

import static dev.nala.e2e.realservers.Pacing.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.DeploymentMode;
import dev.nala.e2e.support.NginxServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario: nginx with {@code keepalive_timeout 1s} (an idle connection closed after 1 s, far
 * below Nala's keep-alive) and {@code keepalive_requests 3} (the third answer on a connection says
 * {@code Connection: close} and nginx closes it).
 *
 * <p>Pacing: 10 waves of 20 calls per scenario, 80 concurrent calls per wave. Gaps alternate
 * between 200-300 ms, well below nginx's idle timeout (the next wave reuses live connections,
 * and every third request on one retires it), and 1.3-1.8 s, well above it (the next wave takes
 * connections nginx has closed). Idle times near 1 s are avoided ({@link Pacing}).
 */
class NginxShortKeepAliveTest extends RealServerScenarios {
    private static final Pacing PACING = Pacing.waves(
                    20,
                    millis(1_500),
                    millis(300),
                    millis(1_300),
                    millis(200),
                    millis(1_800),
                    millis(300),
                    millis(1_400),
                    millis(250),
                    millis(1_600))
            .avoidingIdleTimesNear(Duration.ofSeconds(1));

    @Override
    Map<Scenario, ScenarioResult> runScenarios(Path dir) throws Exception {
        try (NginxServer nginx = NginxServer.start(dir, Duration.ofSeconds(1), 3)) {
            return PacedRun.run(
                    "nginx (keepalive_timeout 1s, keepalive_requests 3)", nginx.port(), nginx.requests(), PACING);
        }
    }

    /** The premise: the short gaps let calls reuse connections, so the long ones find closed ones to reuse. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void callsReusedConnections(Scenario scenario) {
        ScenarioResult result = result(scenario);
        assertThat(result.mostRequestsOnOneConnection()).as(result.details()).isBetween(2, 3);
    }

    /**
     * After every long gap the pool holds connections nginx closed a while ago, and a GET is sent
     * without a liveness check (it can be resent), so some GETs meet a closed connection and are
     * resent.
     */
    @ParameterizedTest(name = "{0} GET")
    @EnumSource(DeploymentMode.class)
    void getsThatMetAConnectionNginxHadClosedWereResent(DeploymentMode mode) {
        ScenarioResult result = result(new Scenario(mode, "GET"));
        assertThat(result.resends()).as(result.details()).isPositive();
    }
}
