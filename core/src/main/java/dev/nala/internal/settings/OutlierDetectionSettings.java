package dev.nala.internal.settings;

import java.time.Duration;

/**
 * Per-endpoint ejection in standalone mode ({@code outlier-detection.*}).
 *
 * @param consecutiveFailures failures in a row that eject an endpoint
 * @param failureRate ejection of an endpoint whose failure rate stands out from its peers'
 * @param ejectionTime how long the first ejection lasts
 * @param maxEjectionTime the longest a repeated ejection may last
 * @param maxEjectionPercent the largest share of a service's endpoints ejected at once
 */
public record OutlierDetectionSettings(
        int consecutiveFailures,
        FailureRate failureRate,
        Duration ejectionTime,
        Duration maxEjectionTime,
        int maxEjectionPercent) {

    /**
     * Failure-rate ejection ({@code outlier-detection.failure-rate.*}).
     *
     * @param enabled whether an endpoint is judged by its failure rate at all
     * @param minimumRequests recent requests an endpoint, and its peers together, must have had
     *     before it is judged
     * @param excess how far above its peers' an endpoint's failure rate must be, as a fraction
     *     (0.3: 30 percentage points)
     */
    public record FailureRate(boolean enabled, int minimumRequests, double excess) {}

    static OutlierDetectionSettings read(SettingsReader outlier) {
        Duration ejection = outlier.duration("ejection-time", Duration.ofMillis(1), Duration.ofHours(1));
        Duration maxEjection = outlier.duration("max-ejection-time", Duration.ofMillis(1), Duration.ofHours(24));
        if (outlier.clean() && maxEjection.compareTo(ejection) < 0) {
            throw outlier.invalid(
                    "max-ejection-time",
                    "must not be shorter than " + outlier.path("ejection-time") + " (" + DurationText.of(ejection)
                            + ")");
        }
        SettingsReader rate = outlier.at("failure-rate");
        return new OutlierDetectionSettings(
                outlier.intBetween("consecutive-failures", 1, 10_000),
                new FailureRate(
                        rate.bool("enabled"),
                        rate.intBetween("minimum-requests", 10, 100),
                        rate.doubleBetween("excess", 0.05, 1.0)),
                ejection,
                maxEjection,
                outlier.intBetween("max-ejection-percent", 0, 100));
    }
}
