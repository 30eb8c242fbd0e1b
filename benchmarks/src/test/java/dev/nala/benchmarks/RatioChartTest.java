package dev.nala.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatioChartTest {

    /** Two tables as LoopbackLoad prints them, made by LoadReport itself so the format cannot drift apart. */
    private static List<String> report(String loadName) {
        String one = LoadReport.table(
                loadName,
                8,
                List.of(
                        new LoadStats.Summary("raw-okhttp", 20_000, 0, 8, 2.0, 0.8, 100, 400, 900),
                        new LoadStats.Summary("nala-mesh", 19_000, 0, 9, 2.0, 0.95, 105, 420, 950)),
                Map.of());
        String two = LoadReport.table(
                loadName,
                64,
                List.of(
                        new LoadStats.Summary("raw-okhttp", 20_000, 0, 8, 2.0, 0.8, 100, 400, 900),
                        new LoadStats.Summary("nala-mesh", 22_000, 0, 9, 2.0, 0.95, 105, 360, 950),
                        new LoadStats.Summary("nala-standalone", 21_000, 0, 9, 2.0, 0.95, 105, 440, 950)),
                Map.of());
        return ("Loopback load: a heading line\n\n" + one + "\n" + two).lines().toList();
    }

    @Test
    void readsEachClientsRatiosPerConcurrencyLeavingOutTheBaseline() {
        RatioChart.Ratios ratios = RatioChart.parse(report("concurrency"));

        assertThat(ratios.loadName()).isEqualTo("concurrency");
        assertThat(ratios.rows())
                .containsExactly(
                        new RatioChart.Ratio(8, "nala-mesh", 0.95, 1.05),
                        new RatioChart.Ratio(64, "nala-mesh", 1.10, 0.90),
                        new RatioChart.Ratio(64, "nala-standalone", 1.05, 1.10));
    }

    @Test
    void takesTheLoadColumnsNameFromTheTable() {
        assertThat(RatioChart.parse(report("in flight")).loadName()).isEqualTo("in flight");
    }

    @Test
    void findsNoRatiosWithoutRawOkHttp() {
        String table = LoadReport.table(
                64, List.of(new LoadStats.Summary("nala-mesh", 19_000, 0, 9, 2.0, 0.95, 105, 420, 950)), Map.of());

        assertThat(RatioChart.parse(table.lines().toList()).rows()).isEmpty();
    }

    @Test
    void namesEachClientOnceInTheLegend() {
        var chart = RatioChart.chart("t", RatioChart.parse(report("concurrency")));

        assertThat(chart.getPlot().getLegendItems().getItemCount()).isEqualTo(2);
    }

    @Test
    void writesAPngOfTheRatios(@TempDir Path dir) throws Exception {
        Path section = dir.resolve("load.md");
        Files.write(section, report("concurrency"), StandardCharsets.UTF_8);
        Path png = dir.resolve("load-ratios.png");

        RatioChart.main(new String[] {section.toString(), png.toString(), "A test run"});

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(RatioChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(RatioChart.HEIGHT);
    }

    @Test
    void writesNothingWhenThereIsNothingToChart(@TempDir Path dir) throws Exception {
        Path section = dir.resolve("load.md");
        Files.writeString(section, "no table here\n");
        Path png = dir.resolve("load-ratios.png");

        RatioChart.main(new String[] {section.toString(), png.toString()});

        assertThat(png).doesNotExist();
    }
}
