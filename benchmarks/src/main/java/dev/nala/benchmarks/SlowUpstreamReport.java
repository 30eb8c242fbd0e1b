package dev.nala.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * Formats a {@link SlowUpstream} run as Markdown: one row per case for the measured phase, and
 * one column per case for the windows after the slow instance turned fast.
 */
final class SlowUpstreamReport {
    private SlowUpstreamReport() {}

    /**
     * Throughput, latency and the instances' shares of each case; p99 also as a ratio to the
     * {@link UpstreamCase#RAW_OKHTTP_FAST_ONLY} reference's, when it ran.
     */
    static String steadyTable(List<SlowUpstream.Outcome> outcomes) {
        LoadStats.Summary reference = outcomes.stream()
                .filter(outcome -> outcome.upstreamCase().isReference())
                .map(SlowUpstream.Outcome::steady)
                .findFirst()
                .orElse(null);
        StringBuilder out = new StringBuilder();
        out.append(
                "| client | settings | calls/s | p50 ms | p99 ms | p99.9 ms | p99 vs fast-only | slow instance's share"
                        + " | fast instances' shares | calls | errors |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SlowUpstream.Outcome outcome : outcomes) {
            UpstreamCase upstreamCase = outcome.upstreamCase();
            LoadStats.Summary steady = outcome.steady();
            long[] requests = outcome.requestsPerInstance();
            String slowShare;
            String fastShares;
            if (upstreamCase.isReference()) {
                slowShare = "none called";
                fastShares = "one called";
            } else {
                slowShare = percent(InstanceShares.share(requests, SlowUpstream.SLOW));
                StringBuilder fast = new StringBuilder();
                for (int i = 0; i < requests.length; i++) {
                    if (i != SlowUpstream.SLOW) {
                        fast.append(fast.length() == 0 ? "" : " / ").append(percent(InstanceShares.share(requests, i)));
                    }
                }
                fastShares = fast.toString();
            }
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.0f | %.2f | %.2f | %.2f | %s | %s | %s | %d | %d |%n",
                    upstreamCase.label(),
                    settings(upstreamCase),
                    steady.callsPerSecond(),
                    steady.p50Micros() / 1e3,
                    steady.p99Micros() / 1e3,
                    steady.p999Micros() / 1e3,
                    reference == null ? "" : LoadReport.ratio(steady.p99Micros(), reference.p99Micros()),
                    slowShare,
                    fastShares,
                    steady.calls(),
                    steady.errors()));
        }
        return out.toString();
    }

    /**
     * The slow instance's share in each window after it turned fast, a column per case, under a
     * first row with how long each case took to give it at least {@code recoveredShare}.
     */
    static String recoveryTable(List<SlowUpstream.Outcome> outcomes, long windowMillis, double recoveredShare) {
        List<SlowUpstream.Outcome> recovered = outcomes.stream()
                .filter(outcome -> !outcome.recoveryWindows().isEmpty())
                .toList();
        if (recovered.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "The slow instance's share of the requests in each %d ms window after it turned fast (the end of the"
                        + " window, in seconds after the change; the fast instances had the rest), and the end of the"
                        + " first window in which it had at least %s:%n%n",
                windowMillis,
                percent(recoveredShare)));
        out.append("| after (s) |");
        recovered.forEach(outcome ->
                out.append(' ').append(outcome.upstreamCase().label()).append(" |"));
        out.append("\n|---:|");
        recovered.forEach(outcome -> out.append("---:|"));
        out.append(String.format(Locale.ROOT, "%n| **at %s after** |", percent(recoveredShare)));
        for (SlowUpstream.Outcome outcome : recovered) {
            List<long[]> windows = outcome.recoveryWindows();
            int first = InstanceShares.firstWindowWithShare(windows, SlowUpstream.SLOW, recoveredShare);
            out.append(
                    first < 0
                            ? String.format(
                                    Locale.ROOT, " **not within %.2f s** |", windows.size() * windowMillis / 1e3)
                            : String.format(Locale.ROOT, " **%.2f s** |", (first + 1) * windowMillis / 1e3));
        }
        out.append('\n');
        int rows = recovered.stream()
                .mapToInt(outcome -> outcome.recoveryWindows().size())
                .max()
                .orElse(0);
        for (int row = 0; row < rows; row++) {
            out.append(String.format(Locale.ROOT, "| %.2f |", (row + 1) * windowMillis / 1e3));
            for (SlowUpstream.Outcome outcome : recovered) {
                List<long[]> windows = outcome.recoveryWindows();
                out.append(
                                row < windows.size()
                                        ? " " + percent(InstanceShares.share(windows.get(row), SlowUpstream.SLOW))
                                        : "")
                        .append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String settings(UpstreamCase upstreamCase) {
        return switch (upstreamCase) {
            case RAW_OKHTTP_FAST_ONLY -> "a reference: one fast instance only";
            case RESILIENCE4J_ROUND_ROBIN -> "round robin by hand, Resilience4j retry and circuit breaker";
            default -> "`" + upstreamCase.serviceSettings() + "`";
        };
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
