package dev.nala.e2e.realservers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every real server must see from Nala, in both modes, for GET and POST, when the server (or
 * the sidecar in front of it) closes kept-alive connections the client is about to reuse: the
 * server's own idle timeout, its limit of requests per connection, HTTP/1.0's one request per
 * connection, a reload. Each subclass starts one server, makes the {@link Pacing paced} calls of
 * every {@link Scenario} once, before its tests, and adds what is particular to that server.
 *
 * <ul>
 *   <li>no caller sees an error (200 GETs and 200 POSTs per mode, POSTs without an
 *       {@code Idempotency-Key});
 *   <li>no POST reaches the server twice and no GET more than twice (a resend of a request that
 *       never reached the server adds nothing; a GET may be resent once);
 *   <li>standalone: the circuit breaker never changes state and the one endpoint is never ejected,
 *       because a closed idle connection says nothing about the server's health.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RealServerScenarios {
    private Map<Scenario, ScenarioResult> results;

    /** Starts the server, {@link PacedRun#run runs} the scenarios against it, stops it. */
    abstract Map<Scenario, ScenarioResult> runScenarios(Path dir) throws Exception;

    @BeforeAll
    @Timeout(150)
    void runScenariosOnce(@TempDir Path dir) throws Exception {
        results = runScenarios(dir);
    }

    ScenarioResult result(Scenario scenario) {
        return results.get(scenario);
    }

    static List<Scenario> scenarios() {
        return Scenario.all();
    }

    static List<Scenario> standaloneScenarios() {
        return Scenario.standalone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void noCallerSeesAnError(Scenario scenario) {
        ScenarioResult result = result(scenario);
        assertThat(result.calls()).hasSizeGreaterThanOrEqualTo(PacedRun.MIN_CALLS_PER_SCENARIO);
        assertThat(result.errors()).as(result.details()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void noPostReachesTheServerTwiceAndNoGetMoreThanTwice(Scenario scenario) {
        ScenarioResult result = result(scenario);
        int most = scenario.isPost() ? 1 : 2;
        List<String> wrong = new ArrayList<>();
        for (CallOutcome call : result.calls()) {
            int requests = result.requestsByPath().getOrDefault(call.path(), 0);
            if (requests > most || (call.succeeded() && requests == 0)) {
                wrong.add(call.path() + ": " + requests + " request(s) at the server, caller got "
                        + (call.succeeded() ? "200" : call.error()));
            }
        }
        assertThat(wrong)
                .as(
                        "calls that reached the server more than %d time(s), or answered without reaching it; %s",
                        most, result.summary())
                .isEmpty();
        Set<String> called = result.calls().stream().map(CallOutcome::path).collect(Collectors.toSet());
        assertThat(result.requestsByPath().keySet())
                .as("paths the server logged that no call made (a harness error)")
                .allMatch(called::contains);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("standaloneScenarios")
    void theBreakerStaysClosedAndTheEndpointIsNeverEjected(Scenario scenario) {
        ScenarioResult result = result(scenario);
        assertThat(result.breakerTransitions()).as(result.details()).isZero();
        assertThat(result.ejections()).as(result.details()).isZero();
    }
}
