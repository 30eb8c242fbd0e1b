package dev.nala.mode.standalone.balancing;

import dev.nala.internal.settings.OutlierDetectionSettings;
import dev.nala.internal.settings.OutlierDetectionSettings.FailureRate;
import dev.nala.mode.standalone.balancing.EndpointState.Health;
import java.util.Locale;

/**
 * Whether an endpoint that just failed is an outlier among its peers (the other endpoints in
 * rotation, over their {@link RecentOutcomes}): a run of failures unlikely for its healthiest peer,
 * or a failure rate that stands out by a z test. The rules, their why and the simulations are in
 * "Outlier ejection" in docs/standalone.md.
 */
final class Outliers {
    /** Recent requests a peer must have had for its rate to count in the failures-in-a-row test. */
    static final int PEER_REQUESTS = 5;

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
