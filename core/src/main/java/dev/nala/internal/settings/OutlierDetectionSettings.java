package dev.nala.internal.settings;

import java.time.Duration;

/** Per-endpoint ejection in standalone mode ({@code outlier-detection.*}). */
public record OutlierDetectionSettings(
        int consecutiveFailures,
        FailureRate failureRate,
        Duration ejectionTime,
        Duration maxEjectionTime,
        int maxEjectionPercent) {

    /**
     * @param minimumRequests for the endpoint, and for its peers together
     * @param excess a fraction: 0.3 is 30 percentage points above its peers' rate
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
