package dev.nala.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Formats a load run as a Markdown table, each contender's throughput and p99 also given as a
 * ratio to the raw OkHttp row of the same run: over all rounds together, and per cycle, as the
 * median and the range of the ratios of one round to raw OkHttp's round in the same cycle (how far
 * the machine's noise moved it). The client's CPU time per call comes with its ratio too: the
 * steadiest of the numbers, since other work on the machine delays a client more than it
 * changes what the client's own calls cost.
 */
final class LoadReport {
    private LoadReport() {}

    /**
     * @param rows the contenders measured at {@code concurrency}, all rounds together; the
     *     baseline is the row whose client is {@code raw-okhttp} (ratios are left blank without one)
     * @param cycles each contender's rounds by client, one per cycle in the order they ran (may be empty)
     */
    static String table(int concurrency, List<LoadStats.Summary> rows, Map<String, List<LoadStats.Summary>> cycles) {
        return table("concurrency", concurrency, rows, cycles);
    }

    /**
     * The same table, its first column named {@code loadName} ({@code in flight} for calls made
     * with {@code enqueue()}, where the load is calls in flight rather than callers).
     */
    static String table(
            String loadName,
            int concurrency,
            List<LoadStats.Summary> rows,
            Map<String, List<LoadStats.Summary>> cycles) {
        String baseline = Contender.RAW_OKHTTP.label();
        LoadStats.Summary base = rows.stream()
                .filter(row -> row.client().equals(baseline))
                .findFirst()
                .orElse(null);
        List<LoadStats.Summary> baseRounds = cycles.getOrDefault(baseline, List.of());
        StringBuilder out = new StringBuilder();
        out.append("| " + loadName
                + " | client | calls/s | vs raw | per cycle | p50 µs | p99 µs | p99 vs raw | per cycle | p99.9 µs"
                + " | CPU µs/call | CPU vs raw | per cycle | calls | errors | new connections |\n");
        out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadStats.Summary row : rows) {
            List<LoadStats.Summary> rowRounds = cycles.getOrDefault(row.client(), List.of());
            out.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %.0f | %s | %s | %.1f | %.1f | %s | %s | %.1f | %.1f | %s | %s | %d | %d | %d |%n",
                    concurrency,
                    row.client(),
                    row.callsPerSecond(),
                    base == null ? "" : ratio(row.callsPerSecond(), base.callsPerSecond()),
                    perCycle(row == base, rowRounds, baseRounds, LoadStats.Summary::callsPerSecond),
                    row.p50Micros(),
                    row.p99Micros(),
                    base == null ? "" : ratio(row.p99Micros(), base.p99Micros()),
                    perCycle(row == base, rowRounds, baseRounds, LoadStats.Summary::p99Micros),
                    row.p999Micros(),
                    row.cpuMicrosPerCall(),
                    base == null ? "" : ratio(row.cpuMicrosPerCall(), base.cpuMicrosPerCall()),
                    perCycle(row == base, rowRounds, baseRounds, LoadStats.Summary::cpuMicrosPerCall),
                    row.calls(),
                    row.errors(),
                    row.connections()));
        }
        return out.toString();
    }

    /** The baseline against itself is 1.00 in every cycle; any other row is paired with it cycle by cycle. */
    private static String perCycle(
            boolean isBaseline,
            List<LoadStats.Summary> rounds,
            List<LoadStats.Summary> baseline,
            ToDoubleFunction<LoadStats.Summary> metric) {
        return isBaseline && !baseline.isEmpty() ? "1.00" : spread(rounds, baseline, metric);
    }

    /**
     * The ratios {@code rounds[i] / baseline[i]} for {@code metric} as {@code median (lowest-highest)},
     * one value when there is one pair, or blank when nothing pairs up.
     */
    static String spread(
            List<LoadStats.Summary> rounds,
            List<LoadStats.Summary> baseline,
            ToDoubleFunction<LoadStats.Summary> metric) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(rounds.size(), baseline.size()); i++) {
            double base = metric.applyAsDouble(baseline.get(i));
            if (base > 0) {
                ratios.add(metric.applyAsDouble(rounds.get(i)) / base);
            }
        }
        if (ratios.isEmpty()) {
            return "";
        }
        Collections.sort(ratios);
        if (ratios.size() == 1) {
            return String.format(Locale.ROOT, "%.2f", ratios.get(0));
        }
        int middle = ratios.size() / 2;
        double median = ratios.size() % 2 == 1 ? ratios.get(middle) : (ratios.get(middle - 1) + ratios.get(middle)) / 2;
        return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", median, ratios.get(0), ratios.get(ratios.size() - 1));
    }

    /** {@code value / baseline} to two decimals, or {@code n/a} when the baseline is zero. */
    static String ratio(double value, double baseline) {
        if (baseline <= 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", value / baseline);
    }
}
