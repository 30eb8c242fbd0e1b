package dev.nala.e2e.realservers;

import static dev.nala.e2e.realservers.Pacing.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.DeploymentMode;
import dev.nala.e2e.support.Haproxy;
import dev.nala.e2e.support.NginxServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario: HAProxy as the sidecar, in front of one upstream (nginx with its default keep-alive
 * of 75 s and 1000 requests, so the upstream side stays quiet), with {@code timeout
 * http-keep-alive 1s} towards the application, and reloaded three times during the run. A reload
 * starts a new worker and soft-stops the old one, which closes its idle keep-alive connections at
 * once: a sidecar draining on a configuration change. The requests per path are counted at the
 * upstream.
 *
 * <p>Pacing: 10 waves of 20 calls per scenario, 80 concurrent calls per wave. Gaps of 200-300 ms
 * (live connections reused) and 1.3-1.6 s (past the sidecar's idle timeout); three 300 ms gaps
 * begin with a reload, which returns once the old worker has exited, so the next wave takes
 * connections the drain closed (and opens new ones, so a long gap follows it). Idle times near 1 s
 * are avoided ({@link Pacing}).
 */
class HaproxyReloadingSidecarTest extends RealServerScenarios {
    private static final Logger log = LoggerFactory.getLogger(HaproxyReloadingSidecarTest.class);
    private static final Set<Integer> RELOAD_BEFORE_WAVES = Set.of(2, 5, 8);
    private static final Pacing PACING = Pacing.waves(
                    20,
                    millis(1_500),
                    millis(300),
                    millis(1_300),
                    millis(200),
                    millis(300),
                    millis(1_600),
                    millis(200),
                    millis(300),
                    millis(1_400))
            .avoidingIdleTimesNear(Duration.ofSeconds(1));

    private final List<Duration> reloads = new CopyOnWriteArrayList<>();

    @Override
    Map<Scenario, ScenarioResult> runScenarios(Path dir) throws Exception {
        try (NginxServer upstream = NginxServer.start(dir, Duration.ofSeconds(75), 1_000);
                Haproxy sidecar = Haproxy.drainableSidecar(dir, upstream.port(), Duration.ofSeconds(1))) {
            Pacing reloading = PACING.withBeforeEachWave(wave -> {
                if (RELOAD_BEFORE_WAVES.contains(wave)) {
                    reloads.add(sidecar.reload());
                }
            });
            Map<Scenario, ScenarioResult> results = PacedRun.run(
                    "haproxy sidecar (http-keep-alive 1s, reloaded)", sidecar.port(), upstream.requests(), reloading);
            log.info(
                    "real servers: haproxy sidecar reloads took {} ms",
                    reloads.stream().map(Duration::toMillis).toList());
            return results;
        }
    }

    /**
     * Both the drains and the long gaps leave connections the sidecar has closed in the pool, and
     * a GET is sent without a liveness check (it can be resent), so some GETs meet a closed
     * connection and are resent.
     */
    @ParameterizedTest(name = "{0} GET")
    @EnumSource(DeploymentMode.class)
    void getsThatMetAConnectionTheSidecarHadClosedWereResent(DeploymentMode mode) {
        assertThat(reloads).as("reloads").hasSize(RELOAD_BEFORE_WAVES.size());
        ScenarioResult result = result(new Scenario(mode, "GET"));
        assertThat(result.resends()).as(result.details()).isPositive();
    }
}
