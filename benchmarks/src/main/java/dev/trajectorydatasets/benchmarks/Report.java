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

    /** The command of the harness while it runs (its sections then say so), else null. */
    static volatile String harnessCommand;

    /**
     * Where a section's figures come from, its first line: date, commit, machine, the database's buffer pool, and the
     * command that produced them (the harness's while it runs, with {@code command}, the section's own, beside it).
     */
    static String measured(String setup, String command) {
        String own = "`java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks." + command + "`";
        return String.format(Locale.ROOT, "Measured %s at commit %s on %d cores, Java %s, local MariaDB (buffer pool %s)%s; %s.",
                java.time.LocalDate.now(), commit(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                bufferPool(), setup.isEmpty() ? "" : ", " + setup,
                harnessCommand == null ? own : "by the harness (`" + harnessCommand + "`); this section alone: " + own);
    }

    /** The checked-out commit (with "+changes" when the work tree differs), or "unknown" outside a git checkout. */
    static String commit() {
        try {
            Process head = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String hash = new String(head.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").redirectErrorStream(true).start();
            boolean dirty = !new String(status.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).isBlank();
            return head.waitFor() == 0 ? hash + (dirty ? "+changes" : "") : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    /** The benchmark server's InnoDB buffer pool, in MiB ("unknown" if it cannot be asked). */
    static String bufferPool() {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(BenchDatabase.SERVER_URL, BenchDatabase.USER, BenchDatabase.PASSWORD);
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet row = statement.executeQuery("SELECT @@innodb_buffer_pool_size")) {
            row.next();
            return (row.getLong(1) >> 20) + " MiB";
        } catch (java.sql.SQLException e) {
            return "unknown";
        }
    }

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

    /** Records a figure; a name used twice is a harness bug (the second would silently replace the first), so it fails. */
    void figure(String name, Object value) {
        if (figures.putIfAbsent(name, value) != null) {
            throw new IllegalStateException("two figures are named \"" + name + "\": give each measurement a name of its own");
        }
    }

    /**
     * A row of the table: figure, measured, ceiling, ceiling value, ratio, target, met, and optionally the bare
     * ceiling's value and the ratio to it. Two rows with one name fail, as two figures do.
     */
    void row(String... cells) {
        if (table.stream().anyMatch(row -> row[0].equals(cells[0]))) {
            throw new IllegalStateException("two rows are named \"" + cells[0] + "\"");
        }
        String[] padded = java.util.Arrays.copyOf(cells, Math.max(COLUMNS, cells.length));
        for (int i = 0; i < padded.length; i++) {
            padded[i] = padded[i] == null ? "" : padded[i];
        }
        table.add(padded);
    }

    /** Columns of a row: figure, measured, ceiling, ceiling value, ratio, target, met, bare ceiling value, ratio to it. */
    static final int COLUMNS = 9;

    /**
     * Alternates measured and ceiling trials (which goes first alternates too). The figure is the median pair's
     * ratio, reported with the lowest and highest; with {@code everyPair} the target is met only if every pair meets it.
     */
    double paired(String name, String ceilingName, Double target, boolean everyPair, int trials, Trial measured, Trial ceiling) {
        return paired(name, ceilingName, target, everyPair, trials, measured, ceiling, null);
    }

    /**
     * {@link #paired(String, String, Double, boolean, int, Trial, Trial)} against a same-work ceiling (the store's
     * statements and history rows in plain JDBC), with a bare ceiling (the least the database can do for the answer,
     * no history) as a second column when {@code bare} is given: the three run in turn, in an order that reverses
     * every trial. The target is judged against the same-work ceiling.
     */
    double paired(String name, String ceilingName, Double target, boolean everyPair, int trials, Trial measured, Trial ceiling, Trial bare) {
        double[] values = new double[trials];
        double[] ceilings = new double[trials];
        double[] bares = new double[trials];
        double[] ratios = new double[trials];
        double[] bareRatios = new double[trials];
        try {
            for (int t = 0; t < trials; t++) {
                if (t % 2 == 0) {
                    values[t] = measured.run(t);
                    ceilings[t] = ceiling.run(t);
                    bares[t] = bare == null ? Double.NaN : bare.run(t);
                } else {
                    bares[t] = bare == null ? Double.NaN : bare.run(t);
                    ceilings[t] = ceiling.run(t);
                    values[t] = measured.run(t);
                }
                ratios[t] = values[t] / ceilings[t];
                bareRatios[t] = values[t] / bares[t];
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
        String bareValue = "";
        String bareRatio = "";
        if (bare != null) {
            bareValue = String.format(Locale.ROOT, "%,.0f/s", Measure.median(bares));
            bareRatio = String.format(Locale.ROOT, "%.2f", Measure.median(bareRatios));
        }
        row(name, String.format(Locale.ROOT, "%,.0f/s", value), ceilingName, String.format(Locale.ROOT, "%,.0f/s", ceilingValue),
                String.format(Locale.ROOT, "%.2f (min %.2f, max %.2f)", ratio, min, max),
                target == null ? "" : (everyPair ? "every pair >= " : ">= ") + target,
                target == null ? "" : (judged >= target ? "yes" : "no"), bareValue, bareRatio);
        bars.add(new Bar(name + " vs " + ceilingName, ratio, target));
        figure(name, Math.round(value));
        figure(name + ", " + ceilingName, Math.round(ceilingValue));
        figure(name + " / " + ceilingName + " (median of " + trials + " pairs)", Measure.round(ratio));
        figure(name + " / " + ceilingName + ", lowest pair", Measure.round(min));
        figure(name + " / " + ceilingName + ", highest pair", Measure.round(max));
        if (bare != null) {
            figure(name + ", bare ceiling", Math.round(Measure.median(bares)));
            figure(name + " / bare ceiling (median of " + trials + " trials)", Measure.round(Measure.median(bareRatios)));
        }
        System.out.printf(Locale.ROOT, "%-58s %,10.0f/s vs %,10.0f/s  ratio %.2f (min %.2f, max %.2f)%s%n", name, value, ceilingValue, ratio, min, max,
                bare == null ? "" : String.format(Locale.ROOT, "; bare %,.0f/s, ratio %.2f", Measure.median(bares), Measure.median(bareRatios)));
        return ratio;
    }

    /** Latency percentiles of {@code histogram} (recorded in microseconds) as figures and on the latency chart. */
    void latency(String name, Histogram histogram) {
        double p50 = histogram.getValueAtPercentile(50) / 1000.0;
        double p99 = histogram.getValueAtPercentile(99) / 1000.0;
        double p999 = histogram.getValueAtPercentile(99.9) / 1000.0;
        latencies.add(new Latency(name, p50, p99, p999));
        figure(name + ", p50 ms", Measure.round(p50));
        figure(name + ", p99 ms", Measure.round(p99));
        figure(name + ", p99.9 ms", Measure.round(p999));
        figure(name + ", samples", histogram.getTotalCount());
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
