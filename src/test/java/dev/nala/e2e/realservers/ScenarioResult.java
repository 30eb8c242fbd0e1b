package dev.nala.e2e.realservers;

import dev.nala.DeploymentMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What one scenario showed against one server: what every caller got, the client's own counters,
 * and the requests the server logged for the scenario's paths.
 *
 * @param requestsByPath requests the server logged, per path of this scenario
 * @param requestsByConnection the same requests, per server-side connection
 */
record ScenarioResult(
        String server,
        Scenario scenario,
        List<CallOutcome> calls,
        long resends,
        long breakerTransitions,
        long ejections,
        Map<String, Integer> requestsByPath,
        Map<String, Integer> requestsByConnection) {

    static final String RESENDS = "nala.client.connection.resends";
    static final String BREAKER_TRANSITIONS = "nala.client.circuit_breaker.transitions";
    static final String EJECTIONS = "nala.client.endpoint.ejections";
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z");

    List<CallOutcome> errors() {
        return calls.stream().filter(call -> !call.succeeded()).toList();
    }

    /** How many calls failed in each way: the caller's error text, instants in it left out. */
    Map<String, Long> errorsByKind() {
        return errors().stream()
                .collect(Collectors.groupingBy(
                        call -> INSTANT.matcher(call.error()).replaceAll("<instant>"),
                        TreeMap::new,
                        Collectors.counting()));
    }

    int serverRequests() {
        return requestsByPath.values().stream().mapToInt(Integer::intValue).sum();
    }

    double requestsPerCall() {
        return calls.isEmpty() ? 0 : (double) serverRequests() / calls.size();
    }

    /** The most requests one server-side connection carried. */
    int mostRequestsOnOneConnection() {
        return requestsByConnection.values().stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElse(0);
    }

    /** The line logged for the docs, e.g. {@code real servers: nginx standalone GET: 200 calls, 0 errors, ...}. */
    String summary() {
        String line = String.format(
                Locale.ROOT,
                "real servers: %s %s: %d calls, %d errors, %d resends, %.2f requests per call, %d connections at the server (at most %d requests on one)",
                server,
                scenario,
                calls.size(),
                errors().size(),
                resends,
                requestsPerCall(),
                requestsByConnection.size(),
                mostRequestsOnOneConnection());
        if (scenario.mode() == DeploymentMode.STANDALONE) {
            line += String.format(Locale.ROOT, ", %d breaker transitions, %d ejections", breakerTransitions, ejections);
        }
        return line;
    }

    /** The summary and, when calls failed, how. */
    String details() {
        if (errors().isEmpty()) {
            return summary();
        }
        Map<String, Long> kinds = errorsByKind();
        String shown = kinds.entrySet().stream()
                .limit(10)
                .map(kind -> kind.getValue() + " x " + kind.getKey())
                .collect(Collectors.joining("; "));
        return summary() + "; errors by kind: " + shown + (kinds.size() > 10 ? "; ..." : "");
    }
}
