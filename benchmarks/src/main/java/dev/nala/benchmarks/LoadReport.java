package dev.nala.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * Formats a load run as a Markdown table, each contender's throughput and p99 also given as a
 * ratio to the raw OkHttp row of the same run.
 */
final class LoadReport {
    private LoadReport() {}

    /**
     * @param rows the contenders measured at {@code concurrency}; the baseline is the row whose
     *     client is {@code raw-okhttp} (ratios are left blank without one)
     */
    static String table(int concurrency, List<LoadStats.Summary> rows) {
        LoadStats.Summary base = rows.stream()
                .filter(row -> row.client().equals(Contender.RAW_OKHTTP.label()))
                .findFirst()
                .orElse(null);
        StringBuilder out = new StringBuilder();
        out.append("| concurrency | client | calls/s | vs raw | p50 µs | p99 µs | p99 vs raw | p99.9 µs | calls | errors | new connections |\n");
        out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadStats.Summary row : rows) {
            out.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %s | %.1f | %.1f | %s | %.1f | %d | %d | %d |%n",
                    concurrency, row.client(), row.callsPerSecond(),
                    base == null ? "" : ratio(row.callsPerSecond(), base.callsPerSecond()),
                    row.p50Micros(), row.p99Micros(),
                    base == null ? "" : ratio(row.p99Micros(), base.p99Micros()),
                    row.p999Micros(), row.calls(), row.errors(), row.connections()));
        }
        return out.toString();
    }

    /** {@code value / baseline} to two decimals, or {@code n/a} when the baseline is zero. */
    static String ratio(double value, double baseline) {
        if (baseline <= 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", value / baseline);
    }
}
