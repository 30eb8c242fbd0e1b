package dev.nala.settings;

import java.time.Duration;

/**
 * Per-endpoint ejection in standalone mode ({@code outlier-detection.*}).
 *
 * @param consecutiveFailures failures in a row that eject an endpoint
 * @param ejectionTime how long the first ejection lasts
 * @param maxEjectionTime the longest a repeated ejection may last
 * @param maxEjectionPercent the largest share of a service's endpoints ejected at once
 */
public record OutlierDetectionSettings(
        int consecutiveFailures, Duration ejectionTime, Duration maxEjectionTime, int maxEjectionPercent) {

    static OutlierDetectionSettings read(SettingsReader outlier) {
        Duration ejection = outlier.duration("ejection-time", Duration.ofMillis(1), Duration.ofHours(1));
        Duration maxEjection = outlier.duration("max-ejection-time", Duration.ofMillis(1), Duration.ofHours(24));
        if (maxEjection.compareTo(ejection) < 0) {
            throw outlier.invalid("max-ejection-time",
                    "must not be shorter than " + outlier.path("ejection-time") + " (" + ejection + ")");
        }
        return new OutlierDetectionSettings(
                outlier.intBetween("consecutive-failures", 1, 10_000),
                ejection,
                maxEjection,
                outlier.intBetween("max-ejection-percent", 0, 100));
    }
}
