package dev.nala.mode.standalone.balancing;

import dev.nala.internal.settings.OutlierDetectionSettings;
import dev.nala.internal.settings.OutlierDetectionSettings.FailureRate;
import dev.nala.mode.standalone.balancing.EndpointState.Health;
import java.util.Locale;

/**
 * Whether an endpoint that just failed is an outlier among its service's endpoints, judged
 * against its peers (the other endpoints in rotation, taken together, over their recent requests,
 * {@link RecentOutcomes}). Endpoints that fail alike are not outliers once they have answered a
 * few requests: a service-wide problem is the circuit breaker's and the retry budget's, and
 * ejecting would only move load around.
 * Two tests:
 * <ul>
 *   <li><b>failures in a row</b>: {@code consecutive-failures} of them, when at least one peer has
 *       had {@value #PEER_REQUESTS} recent requests or more and fails so rarely that such a run
 *       would be unlikely for it ({@code rate^k} times {@value #RUN_POSITIONS} below
 *       {@value #UNLIKELY}: a failure rate under about 9 % for 5 in a row). While no peer has had
 *       that many (start-up), the run alone ejects, as before: a dead instance must not wait for
 *       its peers, for under concurrency least-outstanding sends it most first attempts (it fails
 *       fastest) and the service's breaker, which counts every attempt, would open first;
 *   <li><b>failure rate</b>: over at least {@code failure-rate.minimum-requests} recent requests
 *       on each side, its failure rate is {@code failure-rate.excess} or more above its peers',
 *       and the difference is at least {@value #MIN_STANDARD_ERRORS} standard errors (a
 *       two-proportion z test), which catches an instance failing every other request, whose
 *       failures never come five in a row.
 * </ul>
 * Simulated (1,000 to 2,000 calls, 300 to 3,000 runs each): an instance failing every request
 * beside a healthy one is ejected after 5 of its requests (at most 6); one failing half its
 * requests after 40 (at most 54); two endpoints both failing 30 % saw an ejection in 5 runs of
 * 3,000, four in 12 of 1,000. The start-up rule above raises the first to about 12 in 3,000
 * (runs in an endpoint's first few requests), and when every endpoint is down it ejects one at
 * start-up, as before this test existed.
 */
final class Outliers {
    /** Recent requests a peer must have had for its failure rate to count in the failures-in-a-row test. */
    static final int PEER_REQUESTS = 5;
    /** The positions in an endpoint's recent requests where a run could start. */
    static final int RUN_POSITIONS = 2 * RecentOutcomes.BLOCK;
    /** How unlikely the run must be for a peer: expected runs over {@link #RUN_POSITIONS}. */
    static final double UNLIKELY = 0.001;

    static final double MIN_STANDARD_ERRORS = 4.0;

    private Outliers() {}

    /**
     * @param candidate an endpoint in rotation whose attempt just failed (counted already)
     * @return why {@code candidate} is an outlier, for the ejection's log line, or null if it is not
     */
    static String why(EndpointState candidate, EndpointState[] all, OutlierDetectionSettings settings) {
        int inARow = candidate.consecutiveFailures;
        FailureRate rate = settings.failureRate();
        int requests = candidate.outcomes.requests();
        boolean longRun = inARow >= settings.consecutiveFailures();
        boolean highRate = rate.enabled()
                && requests >= rate.minimumRequests()
                && candidate.outcomes.failures() >= rate.excess() * requests;
        if (!longRun && !highRate) {
            return null; // neither test can pass: spare the look at every peer
        }
        long peerRequests = 0;
        long peerFailures = 0;
        int peerCount = 0;
        double healthiestPeer = Double.NaN;
        for (EndpointState peer : all) {
            if (peer != candidate && peer.health == Health.ACTIVE) {
                peerCount++;
                int sent = peer.outcomes.requests();
                int failed = peer.outcomes.failures();
                peerRequests += sent;
                peerFailures += failed;
                if (sent >= PEER_REQUESTS) {
                    double peerRate = (double) failed / sent;
                    healthiestPeer = Double.isNaN(healthiestPeer) ? peerRate : Math.min(healthiestPeer, peerRate);
                }
            }
        }
        if (longRun && !Double.isNaN(healthiestPeer) && Math.pow(healthiestPeer, inARow) * RUN_POSITIONS < UNLIKELY) {
            return String.format(
                    Locale.ROOT,
                    "%d failures in a row; the healthiest other endpoint fails %.0f%%",
                    inARow,
                    healthiestPeer * 100);
        }
        if (longRun && Double.isNaN(healthiestPeer) && peerCount > 0) {
            return inARow + " failures in a row, before any other endpoint has answered enough to compare with";
        }
        return highRate ? failureRateStandsOut(candidate, peerRequests, peerFailures, rate) : null;
    }

    private static String failureRateStandsOut(
            EndpointState candidate, long peerRequests, long peerFailures, FailureRate settings) {
        int requests = candidate.outcomes.requests();
        if (requests < settings.minimumRequests() || peerRequests < settings.minimumRequests()) {
            return null;
        }
        int failures = candidate.outcomes.failures();
        double rate = (double) failures / requests;
        double peerRate = (double) peerFailures / peerRequests;
        double excess = rate - peerRate;
        if (excess < settings.excess()) {
            return null;
        }
        double pooled = (double) (failures + peerFailures) / (requests + peerRequests);
        double standardError = Math.sqrt(pooled * (1 - pooled) * (1.0 / requests + 1.0 / peerRequests));
        if (excess < MIN_STANDARD_ERRORS * standardError) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "%d of its last %d requests failed (%.0f%%); the other endpoints fail %.0f%%",
                failures,
                requests,
                rate * 100,
                peerRate * 100);
    }
}
