package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.embedded.DatasetManagers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * One run grown to ten million rows on the local MariaDB (issue 33), measured at 1,000,000 rows and again at the
 * full size: a claim of 32, a group claim (16 groups of 8, latest 2 checkpoints, mixed rewards: the same eligible set
 * at both sizes, {@link GroupClaimBenchmark#fill}'s shape), a lookup, a key page deep in the run, the run's stats,
 * its timeline and its tasks overview. Medians; each figure next to its 1,000,000-row figure. By hand, not in CI:
 * filling ten million rows takes tens of minutes and several GiB. Writes {@code docs/scale.md}, which the harness's
 * report includes as it is (it names its own commit and command).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.ScaleBenchmark [rows] [--keep]}
 */
public final class ScaleBenchmark {

    private static final String RUN = "scale";
    private static final int ELIGIBLE = 20_000;
    private static final int SAMPLES = 21;

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 10_000_000;
        boolean keep = java.util.Arrays.asList(args).contains("--keep");
        String report = run(rows, keep);
        System.out.println(report);
        java.nio.file.Files.writeString(java.nio.file.Path.of("docs", "scale.md"), report);
    }

    static String run(int rows, boolean keep) throws Exception {
        String schema = "datasets_scale_" + UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        try (DatasetManager manager = DatasetManagers.mysql(BenchDatabase.settings(schema, 10));
             Connection plain = BenchDatabase.connect(schema)) {
            GroupClaimBenchmark.checkpoints(manager, RUN);
            int small = Math.min(1_000_000, rows);
            long start = System.nanoTime();
            fill(manager, 0, small);
            double smallFill = (System.nanoTime() - start) / 1e9;
            GroupClaimBenchmark.analyze(plain);
            Map<String, Double> atSmall = measure(manager, small);
            start = System.nanoTime();
            fill(manager, small, rows);
            double bigFill = (System.nanoTime() - start) / 1e9;
            GroupClaimBenchmark.analyze(plain);
            Map<String, Double> atBig = measure(manager, rows);
            StringBuilder md = new StringBuilder(Report.measured("", "ScaleBenchmark " + rows)).append("\n\n");
            md.append(String.format(Locale.ROOT, "Filling (the bulk create path, 10,000 a call, one client): %,d rows in %.0f s (%,.0f rows/s), then"
                    + " %,d more in %.0f s (%,.0f rows/s). On disk at %,d rows: %s.%n%n", small, smallFill, small / smallFill, rows - small, bigFill,
                    (rows - small) / bigFill, rows, sizes(plain)));
            md.append(String.format(Locale.ROOT, "| operation (median of %d) | at %,d rows | at %,d rows | ratio | target | met |%n|---|---:|---:|---:|---|---|%n",
                    SAMPLES, small, rows));
            for (Map.Entry<String, Double> figure : atSmall.entrySet()) {
                double big = atBig.get(figure.getKey());
                double ratio = big / figure.getValue();
                boolean indexed = !figure.getKey().startsWith("stats") && !figure.getKey().startsWith("timeline");
                md.append(String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | x%.2f | %s | %s |%n", figure.getKey(), figure.getValue(), big, ratio,
                        indexed ? "<= x1.5" : "linear in the run", indexed ? (ratio <= 1.5 ? "yes" : "no") : ""));
            }
            return md.toString();
        } finally {
            if (!keep) {
                BenchDatabase.dropSchema(schema);
            }
        }
    }

    /** Rows {@code from} to {@code to} of the run, in {@link GroupClaimBenchmark#fill}'s shape: the first {@link #ELIGIBLE} eligible. */
    private static void fill(DatasetManager manager, int from, int to) {
        Random random = new Random(from);
        List<CreateDatasetCommand> batch = new ArrayList<>(10_000);
        long started = System.nanoTime();
        for (int i = from; i < to; i++) {
            batch.add(GroupClaimBenchmark.row(RUN, i, ELIGIBLE, random));
            if (batch.size() == 10_000 || i == to - 1) {
                manager.createDatasets(batch);
                batch.clear();
                if ((i + 1) % 1_000_000 == 0) {
                    System.out.printf(Locale.ROOT, "filled %,d rows (%.0f s)%n", i + 1, (System.nanoTime() - started) / 1e9);
                }
            }
        }
    }

    private static Map<String, Double> measure(DatasetManager manager, int rows) {
        Random random = new Random(rows);
        RunId run = RunId.of(RUN);
        Map<String, Double> millis = new LinkedHashMap<>();
        long lastId = manager.searchDatasets(TrajectoryFilter.ofRun(RUN), PageRequest.of(rows - 1, 1)).items().get(0).id();
        ClaimRequest claim = ClaimRequest.of(32).inRun(RUN).usedBelow(1_000_000);
        millis.put("claim of 32 (least used)", median(() -> manager.claimTrajectories(claim).size()));
        millis.put("group claim, 16 groups of 8 (latest 2 checkpoints, mixed)", Measure.median(GroupClaimBenchmark.claimMillis(manager, RUN, SAMPLES)));
        millis.put("lookup by trajectory_id", median(() -> manager.getDatasetByTrajectoryId(RUN + "_" + random.nextInt(rows)).isPresent() ? 1 : 0));
        millis.put("key page of 100, last of the run", median(() -> manager.searchDatasets(TrajectoryFilter.ofRun(RUN),
                PageRequest.after(lastId - 100, 100)).items().size()));
        millis.put("tasks overview, first page of 100", median(() -> manager.getTasks(run, GroupClaimBenchmark.request(RUN).criteria(),
                KeyPage.first(100)).items().size()));
        millis.put("stats of the run", median(() -> (int) manager.getUsageStats(run).totalCount()));
        millis.put("timeline of the run", median(() -> manager.getTimeline(run, Optional.empty(), Optional.empty(), Optional.empty()).points().size()));
        millis.forEach((name, value) -> System.out.printf(Locale.ROOT, "%,d rows: %-60s %.2f ms%n", rows, name, value));
        return millis;
    }

    private static double median(IntSupplier work) {
        for (int i = 0; i < 3; i++) {
            work.getAsInt();
        }
        return Measure.medianMillis(SAMPLES, work);
    }

    /** Data and index sizes of the schema's tables that hold rows, from information_schema. */
    private static String sizes(Connection plain) throws Exception {
        List<String> parts = new ArrayList<>();
        try (Statement statement = plain.createStatement();
             ResultSet tables = statement.executeQuery("SELECT table_name, data_length, index_length FROM information_schema.tables"
                     + " WHERE table_schema = DATABASE() AND data_length > 1048576 ORDER BY data_length DESC")) {
            while (tables.next()) {
                parts.add(String.format(Locale.ROOT, "`%s` %.2f GiB of rows and %.2f GiB of indexes", tables.getString(1),
                        tables.getLong(2) / 1073741824.0, tables.getLong(3) / 1073741824.0));
            }
        }
        return String.join(", ", parts);
    }
}
