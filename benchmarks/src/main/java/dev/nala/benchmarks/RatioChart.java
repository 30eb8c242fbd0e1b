package dev.nala.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws the ratios of a loopback load run as a PNG: each client's throughput and p99 against raw
 * OkHttp of the same run, one group of bars per concurrency (callers, or calls in flight with
 * {@code enqueue()}), with a line at 1.00. It reads the Markdown tables {@link LoopbackLoad}
 * prints ({@link LoadReport}), so it charts exactly the figures of the report, and draws with
 * JFreeChart in headless mode.
 *
 * <p>Usage: {@code RatioChart <load-section.md> <chart.png> [title]}. Writes nothing, and says so
 * on stderr, when the tables have no ratios (no {@code raw-okhttp} row); exits non-zero only when
 * the file cannot be read or the chart cannot be written.
 */
public final class RatioChart {
    static final int WIDTH = 1000;
    static final int HEIGHT = 720;

    /** Distinct colours, one per client in the order the tables list them. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4),
        new Color(0xff7f0e),
        new Color(0x2ca02c),
        new Color(0xd62728),
        new Color(0x9467bd),
        new Color(0x8c564b),
        new Color(0xe377c2),
        new Color(0x7f7f7f),
        new Color(0xbcbd22),
        new Color(0x17becf)
    };

    private RatioChart() {}

    /** One client at one concurrency: its throughput and p99 as ratios to raw OkHttp's. */
    record Ratio(int load, String client, double throughput, double p99) {}

    /** What the tables hold: the name of their load column and the ratios found, in table order. */
    record Ratios(String loadName, List<Ratio> rows) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            throw new IllegalArgumentException("Usage: RatioChart <load-section.md> <chart.png> [title]");
        }
        System.setProperty("java.awt.headless", "true");
        Ratios ratios = parse(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8));
        if (ratios.rows().isEmpty()) {
            System.err.println("No ratios to chart in " + args[0] + " (no raw-okhttp row): no chart written");
            return;
        }
        String title = args.length == 3 ? args[2] : "Loopback load against raw OkHttp";
        ChartUtils.saveChartAsPNG(Path.of(args[1]).toFile(), chart(title, ratios), WIDTH, HEIGHT);
    }

    /**
     * The rows of every load table in {@code lines} that carry ratios. A table is recognised by its
     * header ({@code | concurrency | client | ...} or {@code | in flight | client | ...}); its
     * columns are found by name, so a column added to the report does not move them. The baseline
     * row itself (always 1.00) is left out.
     */
    static Ratios parse(List<String> lines) {
        String loadName = null;
        List<Ratio> rows = new ArrayList<>();
        int client = -1;
        int throughput = -1;
        int p99 = -1;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                client = -1;
                continue;
            }
            List<String> cells = cells(line);
            if (cells.size() > 1 && cells.get(1).equals("client")) {
                loadName = cells.get(0);
                client = 1;
                throughput = cells.indexOf("vs raw");
                p99 = cells.indexOf("p99 vs raw");
                continue;
            }
            if (client < 0 || throughput < 0 || p99 < 0 || cells.size() <= Math.max(throughput, p99)) {
                continue;
            }
            Integer load = integer(cells.get(0));
            double throughputRatio = number(cells.get(throughput));
            double p99Ratio = number(cells.get(p99));
            String name = cells.get(client);
            if (load == null
                    || Double.isNaN(throughputRatio)
                    || Double.isNaN(p99Ratio)
                    || name.equals(Contender.RAW_OKHTTP.label())) {
                continue;
            }
            rows.add(new Ratio(load, name, throughputRatio, p99Ratio));
        }
        return new Ratios(loadName == null ? "concurrency" : loadName, rows);
    }

    /**
     * Two bar plots over the same concurrencies: throughput vs raw above, p99 vs raw below, each
     * client in the same colour in both, a line at 1.00 (raw OkHttp) in both.
     */
    static JFreeChart chart(String title, Ratios ratios) {
        DefaultCategoryDataset throughput = new DefaultCategoryDataset();
        DefaultCategoryDataset p99 = new DefaultCategoryDataset();
        for (Ratio row : ratios.rows()) {
            String load = Integer.toString(row.load());
            throughput.addValue(row.throughput(), row.client(), load);
            p99.addValue(row.p99(), row.client(), load);
        }
        String axis = ratios.loadName().equals("concurrency") ? "callers" : "calls in flight";
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(new CategoryAxis(axis));
        CategoryPlot upper = barPlot(
                throughput,
                ratios.rows().stream().mapToDouble(Ratio::throughput).max().orElse(1),
                "calls/s vs raw OkHttp (higher is better)");
        CategoryPlot lower = barPlot(
                p99,
                ratios.rows().stream().mapToDouble(Ratio::p99).max().orElse(1),
                "p99 vs raw OkHttp (lower is better)");
        plot.add(upper);
        plot.add(lower);
        plot.setGap(16);
        // One legend entry per client: both plots colour a client alike.
        plot.setFixedLegendItems(upper.getLegendItems());
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static CategoryPlot barPlot(DefaultCategoryDataset data, double highest, String label) {
        NumberAxis axis = new NumberAxis(label);
        // From 0, and always up to past 1.00, so that the line for raw OkHttp is in view.
        axis.setRange(0, Math.max(1.2, highest * 1.1));
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        for (int series = 0; series < data.getRowCount(); series++) {
            renderer.setSeriesPaint(series, PALETTE[series % PALETTE.length]);
        }
        CategoryPlot plot = new CategoryPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ValueMarker parity = new ValueMarker(1.0, Color.BLACK, new BasicStroke(1.5f));
        parity.setLabel("raw OkHttp = 1.00");
        parity.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        parity.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(parity);
        return plot;
    }

    private static List<String> cells(String line) {
        String inner = line.trim();
        inner = inner.substring(1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
        return Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList();
    }

    private static Integer integer(String cell) {
        try {
            return Integer.valueOf(cell);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A ratio cell ({@code 1.05}), or NaN when it is blank or {@code n/a}. */
    private static double number(String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
