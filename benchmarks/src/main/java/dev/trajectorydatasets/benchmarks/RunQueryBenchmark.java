package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.overview.RewardDistribution;
import dev.trajectorydatasets.embedded.DatasetManagers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What a question about a run answered by folding its trajectories ({@code DatasetManager.queryRun}, here the reward
 * distribution) costs on MariaDB, next to its ceiling in the same run: plain JDBC reading the same run's model
 * versions and rewards in one statement and counting the same histogram; and, for scale, the model-version summary
 * that the database aggregates itself ({@code GROUP BY}). Alternating trials, medians.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.RunQueryBenchmark [rows]}
 * (default 100,000) with the {@code DATASETS_BENCH_*} variables of {@link BenchDatabase}.
 */
public final class RunQueryBenchmark {

    private static final int TRIALS = 7;

    private RunQueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String schema = "datasets_bench_" + UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        try (DatasetManager manager = DatasetManagers.mysql(BenchDatabase.settings(schema, 2));
             Connection plain = BenchDatabase.connect(schema)) {
            String run = "run_" + UUID.randomUUID().toString().substring(0, 6);
            for (int start = 0; start < rows; start += 10_000) {
                List<CreateDatasetCommand> batch = new ArrayList<>();
                for (int i = start; i < Math.min(rows, start + 10_000); i++) {
                    batch.add(CreateDatasetCommand.of(run + "_" + i).inRun(run).ofTask("t" + i / 8).rewarded((i * 7 % 11) / 10.0)
                            .modelVersion(i / 10_000));
                }
                manager.createDatasets(batch);
            }
            double[] fold = new double[TRIALS];
            double[] jdbc = new double[TRIALS];
            double[] groupBy = new double[TRIALS];
            RunId runId = RunId.of(run);
            for (int t = 0; t < TRIALS; t++) {
                long start = System.nanoTime();
                RewardDistribution answer = manager.queryRun(runId, RewardDistribution.query(0, 1, 10));
                fold[t] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                long[] counts = plainHistogram(plain, run);
                jdbc[t] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                manager.getModelVersions(runId);
                groupBy[t] = (System.nanoTime() - start) / 1e6;
                long folded = answer.versions().stream().mapToLong(v -> v.counts().stream().mapToLong(Long::longValue).sum()).sum();
                if (folded != Arrays.stream(counts).sum()) {
                    throw new IllegalStateException("the fold and plain JDBC disagree: " + folded + " vs " + Arrays.stream(counts).sum());
                }
            }
            System.out.printf(Locale.ROOT, "run of %,d trajectories on MariaDB, median of %d trials:%n", rows, TRIALS);
            System.out.printf(Locale.ROOT, "  reward distribution through queryRun (keyed pages of 5,000): %8.1f ms%n", Measure.median(fold));
            System.out.printf(Locale.ROOT, "  the same histogram by plain JDBC, one statement (ceiling):   %8.1f ms  (ratio %.2f)%n",
                    Measure.median(jdbc), Measure.median(jdbc) / Measure.median(fold));
            System.out.printf(Locale.ROOT, "  model versions, aggregated by the database (GROUP BY):       %8.1f ms%n", Measure.median(groupBy));
        } finally {
            BenchDatabase.dropSchema(schema);
        }
    }

    /** Every reward of the run, counted into 10 spans of [0, 1], as the fold does. */
    private static long[] plainHistogram(Connection connection, String run) throws SQLException {
        long[] counts = new long[10];
        try (PreparedStatement select = connection.prepareStatement("SELECT model_version, reward FROM datasets WHERE run_id = ? ORDER BY id")) {
            select.setString(1, run);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    double reward = rows.getDouble(2);
                    if (!rows.wasNull() && reward >= 0 && reward <= 1) {
                        counts[Math.min(9, (int) (reward * 10))]++;
                    }
                }
            }
        }
        return counts;
    }
}
