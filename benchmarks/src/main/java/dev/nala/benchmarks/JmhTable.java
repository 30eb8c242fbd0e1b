package dev.nala.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH CSV result file ({@code -rf csv}) into a Markdown table: per parameter value, the
 * time per operation, the bytes allocated per operation ({@code gc.alloc.rate.norm}, with
 * {@code -prof gc}), and both as ratios to the {@code raw-okhttp} row when there is one.
 *
 * <p>Usage: {@code JmhTable <result.csv>}.
 */
public final class JmhTable {
    private static final String ALLOC = ":gc.alloc.rate.norm";

    private JmhTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: JmhTable <jmh-result.csv>");
        }
        System.out.print(format(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)));
    }

    /** One benchmark method at one parameter value. */
    static final class Row {
        final String benchmark;
        final String param;
        double score = Double.NaN;
        double error = Double.NaN;
        String unit = "";
        double bytes = Double.NaN;

        Row(String benchmark, String param) {
            this.benchmark = benchmark;
            this.param = param;
        }
    }

    static String format(List<String> csv) {
        if (csv.isEmpty()) {
            throw new IllegalArgumentException("The JMH result file is empty: did the run fail?");
        }
        List<String> header = split(csv.get(0));
        int benchmarkColumn = header.indexOf("Benchmark");
        int scoreColumn = header.indexOf("Score");
        int errorColumn = header.indexOf("Score Error (99.9%)");
        int unitColumn = header.indexOf("Unit");
        int paramColumn = -1;
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).startsWith("Param: ")) {
                paramColumn = i;
            }
        }
        if (benchmarkColumn < 0 || scoreColumn < 0 || unitColumn < 0) {
            throw new IllegalArgumentException("Not a JMH CSV result (columns " + header + ")");
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : csv.subList(1, csv.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = split(line);
            String name = cells.get(benchmarkColumn);
            String param = paramColumn >= 0 && paramColumn < cells.size() ? cells.get(paramColumn) : "";
            boolean alloc = name.endsWith(ALLOC);
            String method = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            if (name.contains(":") && !alloc) {
                continue; // other profiler counters
            }
            Row row = rows.computeIfAbsent(shortName(method) + "|" + param, key -> new Row(shortName(method), param));
            double score = number(cells.get(scoreColumn));
            if (alloc) {
                row.bytes = score;
            } else {
                row.score = score;
                row.error = errorColumn >= 0 ? number(cells.get(errorColumn)) : Double.NaN;
                row.unit = cells.get(unitColumn);
            }
        }
        Row base = rows.values().stream()
                .filter(row -> row.param.equals(Contender.RAW_OKHTTP.label()))
                .findFirst()
                .orElse(null);
        StringBuilder out = new StringBuilder();
        out.append(
                "| benchmark | param | score | ± (99.9%) | unit | B/op | time vs raw | B/op vs raw | over raw: ns, B |\n");
        out.append("|---|---|---:|---:|---|---:|---:|---:|---:|\n");
        for (Row row : rows.values()) {
            boolean comparable = base != null && base.benchmark.equals(row.benchmark);
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.1f | %.1f | %s | %s | %s | %s | %s |%n",
                    row.benchmark,
                    row.param,
                    row.score,
                    row.error,
                    row.unit,
                    Double.isNaN(row.bytes) ? "" : String.format(Locale.ROOT, "%.0f", row.bytes),
                    comparable ? LoadReport.ratio(row.score, base.score) : "",
                    comparable && !Double.isNaN(row.bytes) ? LoadReport.ratio(row.bytes, base.bytes) : "",
                    comparable && !Double.isNaN(row.bytes)
                            ? String.format(Locale.ROOT, "%+.0f, %+.0f", row.score - base.score, row.bytes - base.bytes)
                            : ""));
        }
        return out.toString();
    }

    private static String shortName(String benchmark) {
        int lastDot = benchmark.lastIndexOf('.');
        int classDot = lastDot > 0 ? benchmark.lastIndexOf('.', lastDot - 1) : -1;
        return benchmark.substring(classDot + 1);
    }

    private static double number(String cell) {
        try {
            return Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Splits one CSV line; cells may be quoted, with {@code ""} for a quote inside. */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
