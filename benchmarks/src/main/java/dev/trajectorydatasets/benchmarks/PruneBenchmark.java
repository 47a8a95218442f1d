package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.overview.RunContents;
import dev.trajectorydatasets.embedded.DatasetManagers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Whether deleting a big run (what {@code prune} and {@code delete-run} do) slows claims on another run, on MariaDB:
 * one claimer takes 32 rows at a time from a live run while nothing else happens, then while a run of {@code rows}
 * (each used once, so each has a usage event) is deleted 10,000 records a unit of work, then while a second such run
 * is deleted in one unit (the guide's {@code delete_datasets_by_run_id}: every row locked until the end), the
 * comparison. Claim latency percentiles and the deletions' durations.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.PruneBenchmark [rows]} (default
 * 1,000,000) with the {@code DATASETS_BENCH_*} variables of {@link BenchDatabase}. By hand, not in CI.
 */
public final class PruneBenchmark {

    private static final int LIVE_ROWS = 50_000;
    private static final int IDLE_MILLIS = 10_000;

    private PruneBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String schema = "datasets_bench_" + UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        try (DatasetManager manager = DatasetManagers.mysql(BenchDatabase.settings(schema, 4))) {
            RunId live = RunId.of("live");
            fill(manager, live, LIVE_ROWS, false);
            double[] idle = claimsWhile(manager, live, () -> {
                sleep(IDLE_MILLIS);
                return null;
            });
            report("idle", idle, 0, 0);

            RunId big = RunId.of("big-batched");
            long filled = fill(manager, big, rows, true);
            long start = System.nanoTime();
            RunContents[] held = new RunContents[1];
            double[] batched = claimsWhile(manager, live, () -> {
                held[0] = manager.deleteRun(big, false);
                return null;
            });
            report("while " + held[0].trajectories() + " records (" + held[0].usageEvents() + " usage events) go 10,000 a unit",
                    batched, System.nanoTime() - start, filled);

            RunId other = RunId.of("big-one-unit");
            filled = fill(manager, other, rows, true);
            start = System.nanoTime();
            int[] deleted = new int[1];
            double[] oneUnit = claimsWhile(manager, live, () -> {
                deleted[0] = manager.deleteDatasetsByRunId(other);
                return null;
            });
            report("while " + deleted[0] + " records go in one unit (the guide's delete)", oneUnit, System.nanoTime() - start, filled);
        } finally {
            BenchDatabase.dropSchema(schema);
        }
    }

    /** The run's records, each used once when {@code used} (so each has a usage event); returns how long it took, ns. */
    private static long fill(DatasetManager manager, RunId run, int rows, boolean used) {
        long start = System.nanoTime();
        for (int from = 0; from < rows; from += 10_000) {
            List<CreateDatasetCommand> batch = new ArrayList<>();
            for (int i = from; i < Math.min(rows, from + 10_000); i++) {
                batch.add(CreateDatasetCommand.of(run.value() + "_" + i).inRun(run).used(used ? 1 : 0));
            }
            manager.createDatasets(batch);
        }
        return System.nanoTime() - start;
    }

    /** Claim latencies (ms) of one claimer on {@code live} for as long as {@code work} runs. */
    private static double[] claimsWhile(DatasetManager manager, RunId live, Supplier<Void> work) {
        CompletableFuture<Void> running = CompletableFuture.supplyAsync(work);
        List<Double> latencies = new ArrayList<>();
        while (!running.isDone()) {
            long start = System.nanoTime();
            manager.claimTrajectories(ClaimRequest.of(32).inRun(live));
            latencies.add((System.nanoTime() - start) / 1e6);
        }
        running.join();
        return latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static void report(String when, double[] sorted, long deleteNanos, long fillNanos) {
        System.out.printf(Locale.ROOT, "claims of 32 %-70s %6d claims  p50 %6.1f ms  p99 %7.1f ms  max %7.1f ms%s%n", when, sorted.length,
                at(sorted, 0.50), at(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1],
                deleteNanos == 0 ? "" : String.format(Locale.ROOT, "  (delete took %.1f s; creating the run took %.1f s)",
                        deleteNanos / 1e9, fillNanos / 1e9));
    }

    private static double at(double[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * sorted.length))];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
