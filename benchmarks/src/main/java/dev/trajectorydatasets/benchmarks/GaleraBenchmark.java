package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.adapter.mysql.DatasetStores;
import dev.trajectorydatasets.adapter.mysql.GaleraCluster;
import dev.trajectorydatasets.adapter.mysql.MyBatisDatasetStore;
import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.StoreBusyException;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Claims and group claims on a three-node Galera cluster (issue 17): 8 claimers through three stores, one per node
 * (as three servers, one per node), next to the same 8 claimers through one store on one node of the same cluster,
 * same data, alternating pairs. Reports rows per second, the conflicts Galera made someone retry (certification
 * failures and brute-force aborts, all nodes) per 1,000 claims, and the p99 of one claim.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.GaleraBenchmark [--quick]}
 */
public final class GaleraBenchmark {

    private static final int CLAIMERS = 8;
    private static final int ROWS = 32;

    private GaleraBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        System.out.println(run(quick ? 2 : 3, quick ? 4 : 10, quick ? 20_000 : 100_000));
    }

    /** What one timed trial did. */
    private record Trial(double rowsPerSecond, long claims, long conflicts, long refused, double p99Millis) {
    }

    static String run(int pairs, int seconds, int rows) throws Exception {
        StringBuilder report = new StringBuilder();
        try (GaleraCluster cluster = GaleraCluster.start(3)) {
            String schema = cluster.createSchema();
            List<MyBatisDatasetStore> stores = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                stores.add(DatasetStores.mysql(cluster.settings(n, schema)));
            }
            try {
                stores.get(0).migrate();
                cluster.awaitApplied(schema);
                RunId run = RunId.of("bench");
                for (int from = 0; from < rows; from += 5_000) {
                    int start = from;
                    stores.get(0).trajectories().createAll(IntStream.range(start, Math.min(rows, start + 5_000)).mapToObj(i -> new NewTrajectory(
                            TrajectoryId.of("r" + i), Optional.of(run), 0, 0, Instant.now(), Optional.of(TaskId.of("t" + i / 8)),
                            OptionalDouble.empty(), Optional.empty())).toList());
                }
                report.append(Report.measured("a three-node Galera cluster on this machine", "GaleraBenchmark")).append("\n\n");
                report.append("| Figure | Three nodes, a store each | One node, one store | Ratio | Target |\n|---|---:|---:|---:|---|\n");
                compare(report, cluster, "claims, 8 claimers x 32 rows (least used)", pairs, seconds, stores,
                        store -> store.claims().claim(ClaimRequest.of(ROWS).inRun(run).usedBelow(1_000_000)).size());
                compare(report, cluster, "claims, 8 claimers x 32 rows (random)", pairs, seconds, stores,
                        store -> store.claims().claim(ClaimRequest.of(ROWS).inRun(run).usedBelow(1_000_000).ordered(ClaimOrder.RANDOM)).size());
                compare(report, cluster, "group claims, 8 claimers x 4 groups of 8", pairs, seconds, stores,
                        store -> store.claims().claimGroups(GroupClaimRequest.of(run, GroupCriteria.ofSize(8).usedBelow(1_000_000), 4))
                                .members().size());
            } finally {
                stores.forEach(MyBatisDatasetStore::close);
            }
        }
        return report.toString();
    }

    private static void compare(StringBuilder report, GaleraCluster cluster, String name, int pairs, int seconds,
                                List<MyBatisDatasetStore> stores, Function<DatasetPort, Integer> claim) throws Exception {
        List<Trial> spread = new ArrayList<>();
        List<Trial> single = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            if (p % 2 == 0) {
                spread.add(trial(cluster, seconds, t -> stores.get(t % 3), claim));
                single.add(trial(cluster, seconds, t -> stores.get(0), claim));
            } else {
                single.add(trial(cluster, seconds, t -> stores.get(0), claim));
                spread.add(trial(cluster, seconds, t -> stores.get(t % 3), claim));
            }
        }
        double[] ratios = IntStream.range(0, pairs).mapToDouble(i -> spread.get(i).rowsPerSecond() / single.get(i).rowsPerSecond()).toArray();
        double ratio = Measure.median(ratios);
        report.append(String.format(Locale.ROOT, "| %s: rows/s | %,.0f | %,.0f | %.2f (median of %d pairs; min %.2f, max %.2f) | >= 0.5 %s |%n",
                name, median(spread, Trial::rowsPerSecond), median(single, Trial::rowsPerSecond), ratio, pairs,
                Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0), ratio >= 0.5 ? "met" : "NOT met"));
        report.append(String.format(Locale.ROOT, "| %s: conflicts retried per 1,000 claims | %.1f | %.1f | | |%n", name,
                median(spread, t -> 1000.0 * t.conflicts() / Math.max(1, t.claims())),
                median(single, t -> 1000.0 * t.conflicts() / Math.max(1, t.claims()))));
        report.append(String.format(Locale.ROOT, "| %s: claims refused busy (503) after 12 attempts, per 1,000 | %.1f | %.1f | | |%n", name,
                median(spread, t -> 1000.0 * t.refused() / Math.max(1, t.claims())),
                median(single, t -> 1000.0 * t.refused() / Math.max(1, t.claims()))));
        report.append(String.format(Locale.ROOT, "| %s: p99 of one claim | %.1f ms | %.1f ms | | |%n", name,
                median(spread, Trial::p99Millis), median(single, Trial::p99Millis)));
        System.out.printf(Locale.ROOT, "%s: three nodes %.2f of one node%n", name, ratio);
    }

    private static double median(List<Trial> trials, java.util.function.ToDoubleFunction<Trial> figure) {
        return Measure.median(trials.stream().mapToDouble(figure).toArray());
    }

    /** {@link #CLAIMERS} threads claim for {@code seconds} through the store {@code storeOf} gives each thread. */
    private static Trial trial(GaleraCluster cluster, int seconds, java.util.function.IntFunction<DatasetPort> storeOf,
                               Function<DatasetPort, Integer> claim) throws Exception {
        long conflictsBefore = cluster.conflicts();
        ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            long start = System.nanoTime();
            List<Future<long[]>> running = new ArrayList<>();
            for (int t = 0; t < CLAIMERS; t++) {
                DatasetPort store = storeOf.apply(t);
                running.add(pool.submit(() -> {
                    long rows = 0;
                    long[] latencies = new long[1 << 16];
                    int claims = 0;
                    long refused = 0;
                    while (System.nanoTime() < deadline) {
                        long began = System.nanoTime();
                        try {
                            rows += claim.apply(store);
                        } catch (StoreBusyException busy) {
                            refused++; // 503 store_busy over HTTP: counted, the client would retry
                        }
                        latencies[claims++ & (latencies.length - 1)] = System.nanoTime() - began;
                    }
                    long[] result = new long[3 + Math.min(claims, latencies.length)];
                    result[0] = rows;
                    result[1] = claims;
                    result[2] = refused;
                    System.arraycopy(latencies, 0, result, 3, result.length - 3);
                    return result;
                }));
            }
            long rows = 0;
            long claims = 0;
            long refused = 0;
            List<Long> latencies = new ArrayList<>();
            for (Future<long[]> thread : running) {
                long[] result = thread.get();
                rows += result[0];
                claims += result[1];
                refused += result[2];
                for (int i = 3; i < result.length; i++) {
                    latencies.add(result[i]);
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            latencies.sort(null);
            double p99 = latencies.isEmpty() ? 0 : latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.99) - 1)) / 1e6;
            return new Trial(rows / elapsed, claims, cluster.conflicts() - conflictsBefore, refused, p99);
        } finally {
            pool.shutdownNow();
        }
    }
}
