package dev.nala.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.Locale;

/**
 * Formats a load run as a Markdown table, each contender's throughput and p99 also given as a
 * ratio to the raw OkHttp row of the same run: over all forks together, and as the lowest and
 * highest ratio of one fork to the raw OkHttp fork that ran in the same cycle (how far the
 * machine's noise moved it). The client's CPU time per call comes with its ratio too: the
 * steadiest of the numbers, since other work on the machine delays a client more than it
 * changes what the client's own calls cost.
 */
final class LoadReport {
    private LoadReport() {}

    /**
     * @param rows the contenders measured at {@code concurrency}, all forks together; the
     *     baseline is the row whose client is {@code raw-okhttp} (ratios are left blank without one)
     * @param forks each contender's forks by client, in the order they ran (may be empty)
     */
    static String table(int concurrency, List<LoadStats.Summary> rows, Map<String, List<LoadStats.Summary>> forks) {
        String baseline = Contender.RAW_OKHTTP.label();
        LoadStats.Summary base = rows.stream()
                .filter(row -> row.client().equals(baseline))
                .findFirst()
                .orElse(null);
        List<LoadStats.Summary> baseForks = forks.getOrDefault(baseline, List.of());
        StringBuilder out = new StringBuilder();
        out.append("| concurrency | client | calls/s | vs raw | per fork | p50 µs | p99 µs | p99 vs raw | per fork | p99.9 µs"
                + " | CPU µs/call | CPU vs raw | per fork | calls | errors | new connections |\n");
        out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadStats.Summary row : rows) {
            List<LoadStats.Summary> rowForks = forks.getOrDefault(row.client(), List.of());
            out.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %s | %s | %.1f | %.1f | %s | %s | %.1f | %.1f | %s | %s | %d | %d | %d |%n",
                    concurrency, row.client(), row.callsPerSecond(),
                    base == null ? "" : ratio(row.callsPerSecond(), base.callsPerSecond()),
                    range(rowForks, baseForks, LoadStats.Summary::callsPerSecond),
                    row.p50Micros(), row.p99Micros(),
                    base == null ? "" : ratio(row.p99Micros(), base.p99Micros()),
                    range(rowForks, baseForks, LoadStats.Summary::p99Micros),
                    row.p999Micros(), row.cpuMicrosPerCall(),
                    base == null ? "" : ratio(row.cpuMicrosPerCall(), base.cpuMicrosPerCall()),
                    range(rowForks, baseForks, LoadStats.Summary::cpuMicrosPerCall),
                    row.calls(), row.errors(), row.connections()));
        }
        return out.toString();
    }

    /**
     * The lowest and highest of {@code forks[i] / baseline[i]} for {@code metric}, as
     * {@code low-high} (one value when there is one pair), or blank when nothing pairs up.
     */
    static String range(List<LoadStats.Summary> forks, List<LoadStats.Summary> baseline,
            ToDoubleFunction<LoadStats.Summary> metric) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < Math.min(forks.size(), baseline.size()); i++) {
            double base = metric.applyAsDouble(baseline.get(i));
            if (base > 0) {
                double ratio = metric.applyAsDouble(forks.get(i)) / base;
                low = Math.min(low, ratio);
                high = Math.max(high, ratio);
            }
        }
        if (low > high) {
            return "";
        }
        return low == high ? String.format(Locale.ROOT, "%.2f", low) : String.format(Locale.ROOT, "%.2f-%.2f", low, high);
    }

    /** {@code value / baseline} to two decimals, or {@code n/a} when the baseline is zero. */
    static String ratio(double value, double baseline) {
        if (baseline <= 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", value / baseline);
    }
}
