package dev.nala.tools.generate;

import dev.nala.internal.settings.DurationText;
import dev.nala.internal.settings.RetryBudgetSettings;
import dev.nala.internal.settings.RetrySettings;
import dev.nala.internal.settings.ServiceSettings;

/** The retry settings Istio has no field for, and what Envoy does in their place. */
final class IstioUnmapped {
    private IstioUnmapped() {}

    static void retrySettings(ServiceSettings settings, SettingNotes notes) {
        RetrySettings retry = settings.retry();
        if (retry.maxAttempts() == 1) {
            return;
        }
        notes.noEquivalent(
                "retry.backoff (initial " + DurationText.of(retry.initialBackoff()) + ", multiplier "
                        + retry.backoffMultiplier() + ", max " + DurationText.of(retry.maxBackoff()) + ")",
                "Envoy waits between tries by its own rule: from 25ms, doubling, jittered, at most 250ms."
                        + " Istio releases that have retries.backoff can set the first wait there; it is not"
                        + " written, so that older releases accept this file");
        RetryBudgetSettings budget = retry.budget();
        if (budget.enabled()) {
            notes.noEquivalent(
                    "retry.budget (ratio " + budget.ratio() + ", min-per-second " + budget.minPerSecond() + ", window "
                            + DurationText.of(budget.window()) + ")",
                    "no cap on retries over time: every failed call may use all its attempts. Recent Istio"
                            + " releases have a DestinationRule trafficPolicy.retryBudget, a share of the"
                            + " requests in flight rather than of calls over a window (the closest value:"
                            + " percent " + Math.round(budget.ratio() * 100) + "); not written, for the same reason");
        }
        if (retry.onStatus().contains(429) || retry.onStatus().contains(503)) {
            notes.noEquivalent(
                    "Retry-After on 429 and 503",
                    "Envoy retries after its own backoff; it does not wait as long as the answer asks");
        }
    }
}
