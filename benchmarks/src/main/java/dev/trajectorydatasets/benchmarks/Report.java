package dev.trajectorydatasets.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a harness run measured: every figure (for {@code benchmarks.json}), the table of figures next to their
 * ceilings, and latency percentiles; writes the JSON (Jackson) and two charts (JFreeChart).
 */
final class Report {

    /** One trial of a pair: the rate it measured. */
    interface Trial {
        double run(int trial) throws Exception;
    }

    /** A figure next to its ceiling, for the chart. */
    private record Bar(String label, double ratio, Double target) {
    }

    /** A latency distribution, for the second chart. */
    private record Latency(String label, double p50, double p99, double p999) {
    }

    final Map<String, Object> figures = new LinkedHashMap<>();
    final List<String[]> table = new ArrayList<>();
    private final List<Bar> bars = new ArrayList<>();
    private final List<Latency> latencies = new ArrayList<>();

    void figure(String name, Object value) {
        figures.put(name, value);
    }

    /** A row of the table: figure, measured, ceiling, ceiling value, ratio, target, met. */
    void row(String... cells) {
        table.add(cells);
    }

    /**
     * Alternates measured and ceiling trials (which goes first alternates too). The figure is the median pair's
     * ratio, reported with the lowest and highest; with {@code everyPair} the target is met only if every pair meets it.
     */
    double paired(String name, String ceilingName, Double target, boolean everyPair, int trials, Trial measured, Trial ceiling) {
        double[] values = new double[trials];
        double[] ceilings = new double[trials];
        double[] ratios = new double[trials];
        try {
            for (int t = 0; t < trials; t++) {
                if (t % 2 == 0) {
                    values[t] = measured.run(t);
                    ceilings[t] = ceiling.run(t);
                } else {
                    ceilings[t] = ceiling.run(t);
                    values[t] = measured.run(t);
                }
                ratios[t] = values[t] / ceilings[t];
            }
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
        double value = Measure.median(values);
        double ceilingValue = Measure.median(ceilings);
        double ratio = Measure.median(ratios);
        double min = java.util.Arrays.stream(ratios).min().orElseThrow();
        double max = java.util.Arrays.stream(ratios).max().orElseThrow();
        double judged = everyPair ? min : ratio;
        row(name, String.format(Locale.ROOT, "%,.0f/s", value), ceilingName, String.format(Locale.ROOT, "%,.0f/s", ceilingValue),
                String.format(Locale.ROOT, "%.2f (min %.2f, max %.2f)", ratio, min, max),
                target == null ? "" : (everyPair ? "every pair >= " : ">= ") + target,
                target == null ? "" : (judged >= target ? "yes" : "no"));
        bars.add(new Bar(name + " vs " + ceilingName, ratio, target));
        figures.put(name, Math.round(value));
        figures.put(name + ", " + ceilingName, Math.round(ceilingValue));
        figures.put(name + " / " + ceilingName + " (median of " + trials + " pairs)", Measure.round(ratio));
        figures.put(name + " / " + ceilingName + ", lowest pair", Measure.round(min));
        figures.put(name + " / " + ceilingName + ", highest pair", Measure.round(max));
        System.out.printf(Locale.ROOT, "%-58s %,10.0f/s vs %,10.0f/s  ratio %.2f (min %.2f, max %.2f)%n", name, value, ceilingValue, ratio, min, max);
        return ratio;
    }

    /** Latency percentiles of {@code histogram} (recorded in microseconds) as figures and on the latency chart. */
    void latency(String name, Histogram histogram) {
        double p50 = histogram.getValueAtPercentile(50) / 1000.0;
        double p99 = histogram.getValueAtPercentile(99) / 1000.0;
        double p999 = histogram.getValueAtPercentile(99.9) / 1000.0;
        latencies.add(new Latency(name, p50, p99, p999));
        figures.put(name + ", p50 ms", Measure.round(p50));
        figures.put(name + ", p99 ms", Measure.round(p99));
        figures.put(name + ", p99.9 ms", Measure.round(p999));
        figures.put(name + ", samples", histogram.getTotalCount());
    }

    /** A histogram of microseconds up to a minute, 3 significant digits. */
    static Histogram micros() {
        return new Histogram(60_000_000L, 3);
    }

    void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), figures);
    }

    /** One bar per figure that has a ceiling: its share of the ceiling, next to its target. */
    void writeRatioChart(Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Bar bar : bars) {
            String label = bar.label().length() > 70 ? bar.label().substring(0, 70) + "…" : bar.label();
            data.addValue(bar.ratio(), "measured / ceiling", label);
            data.addValue(bar.target() == null ? 0 : bar.target(), "target", label);
        }
        JFreeChart chart = ChartFactory.createBarChart("Throughput as a share of its ceiling (same run, same machine)", null,
                "share of the ceiling", data, PlotOrientation.HORIZONTAL, true, false, false);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, 120 + 34 * bars.size());
    }

    /** p50, p99 and p99.9 of every latency recorded, on a logarithmic axis. */
    void writeLatencyChart(Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Latency latency : latencies) {
            data.addValue(Math.max(latency.p50(), 0.001), "p50", latency.label());
            data.addValue(Math.max(latency.p99(), 0.001), "p99", latency.label());
            data.addValue(Math.max(latency.p999(), 0.001), "p99.9", latency.label());
        }
        JFreeChart chart = ChartFactory.createBarChart("Latency percentiles (HdrHistogram)", null, "milliseconds (log scale)",
                data, PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        LogAxis axis = new LogAxis("milliseconds (log scale)");
        axis.setSmallestValue(0.001);
        plot.setRangeAxis(axis);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, 120 + 40 * Math.max(1, latencies.size()));
    }
}
