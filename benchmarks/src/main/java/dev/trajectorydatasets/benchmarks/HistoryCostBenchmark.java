package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.embedded.DatasetManagers;
import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.usage.UsageLimit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * What the usage history costs (issue 13) on the local MariaDB: claims (8 claimers, 32 rows each) and batch uses
 * (1,000 ids each) through the store, with history and on a schema whose usage_events table is a BLACKHOLE (every
 * statement runs, the events are discarded), in alternating pairs (median ratio); then the same operations in plain
 * JDBC exactly as the store runs them ({@link StoreStatements}), without and with their usage events, the order of
 * each pair reversed every pair.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.HistoryCostBenchmark [seconds] [pairs]}
 */
public final class HistoryCostBenchmark {

    private static final int CLAIMERS = 8;
    private static final int PER_CLAIM = 32;
    private static final int BATCH = 1_000;
    private static final int ROWS = 20_000;

    private HistoryCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.println(run(seconds, pairs));
    }

    static String run(int seconds, int pairs) throws Exception {
        String schema = "datasets_history_" + UUID.randomUUID().toString().substring(0, 8);
        String bare = schema + "_bare";
        BenchDatabase.createSchema(schema);
        BenchDatabase.createSchema(bare);
        try (DatasetManager manager = DatasetManagers.mysql(BenchDatabase.settings(schema, CLAIMERS + 2));
             DatasetManager without = DatasetManagers.mysql(BenchDatabase.settings(bare, CLAIMERS + 2))) {
            List<TrajectoryId> ids = fill(manager);
            List<TrajectoryId> bareIds = fill(without);
            boolean discarding = discardEvents(bare);
            double[] storeClaims = new double[pairs];
            double[] storeUses = new double[pairs];
            ClaimRequest claim = ClaimRequest.of(PER_CLAIM).inRun("h").usedBelow(Integer.MAX_VALUE);
            for (int p = 0; discarding && p < pairs; p++) {
                boolean withFirst = p % 2 == 1;
                Rate claimsOn = store -> Measure.concurrently(CLAIMERS, seconds, () -> store.claimTrajectories(claim).size()).perSecond();
                double claimsWith = withFirst ? claimsOn.of(manager) : 0;
                double claimsWithout = claimsOn.of(without);
                claimsWith = withFirst ? claimsWith : claimsOn.of(manager);
                double usesWith = withFirst ? rate(seconds, () -> manager.recordUses(sample(ids), UsageLimit.once()).used().size()) : 0;
                double usesWithout = rate(seconds, () -> without.recordUses(sample(bareIds), UsageLimit.once()).used().size());
                usesWith = withFirst ? usesWith : rate(seconds, () -> manager.recordUses(sample(ids), UsageLimit.once()).used().size());
                storeClaims[p] = claimsWith / claimsWithout;
                storeUses[p] = usesWith / usesWithout;
                System.out.printf(Locale.ROOT, "store pair %d: claims %,.0f without / %,.0f with history; batch uses %,.0f / %,.0f rows/s%n",
                        p + 1, claimsWithout, claimsWith, usesWithout, usesWith);
            }
            String measured = Report.measured("", "HistoryCostBenchmark " + seconds + " " + pairs) + "\n\n";
            String storeTable = measured + (discarding ? String.format(Locale.ROOT, """
                    | the store, with history / the same store with its events discarded (median of %d alternating pairs) | ratio | min | max | target |
                    |---|---|---|---|---|
                    | claims, 8 claimers x %d rows | %.2f | %.2f | %.2f | >= 0.7 |
                    | batch uses of %,d ids | %.2f | %.2f | %.2f | >= 0.7 |

                    """, pairs, PER_CLAIM, Measure.median(storeClaims), min(storeClaims), max(storeClaims), BATCH,
                    Measure.median(storeUses), min(storeUses), max(storeUses))
                    : "(the BLACKHOLE engine is not available on this server: the store-level comparison was skipped)\n\n");
            double[] claimRatio = new double[pairs];
            double[] useRatio = new double[pairs];
            double[] storeClaimRatio = new double[pairs];
            double[] storeUseRatio = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                // Three in turn, the order reversed every pair (this machine drifts within a minute).
                boolean reversed = p % 2 == 1;
                double claimStore = reversed ? Measure.concurrently(CLAIMERS, seconds, () -> manager.claimTrajectories(claim).size()).perSecond() : 0;
                double claimWith = reversed ? claims(schema, seconds, true) : 0;
                double claimWithout = claims(schema, seconds, false);
                claimWith = reversed ? claimWith : claims(schema, seconds, true);
                claimStore = reversed ? claimStore : Measure.concurrently(CLAIMERS, seconds, () -> manager.claimTrajectories(claim).size()).perSecond();
                double useStore = reversed ? rate(seconds, () -> manager.recordUses(sample(ids), UsageLimit.once()).used().size()) : 0;
                double useWith = reversed ? batchUses(schema, ids, seconds, true) : 0;
                double useWithout = batchUses(schema, ids, seconds, false);
                useWith = reversed ? useWith : batchUses(schema, ids, seconds, true);
                useStore = reversed ? useStore : rate(seconds, () -> manager.recordUses(sample(ids), UsageLimit.once()).used().size());
                claimRatio[p] = claimWith / claimWithout;
                storeClaimRatio[p] = claimStore / claimWithout;
                useRatio[p] = useWith / useWithout;
                storeUseRatio[p] = useStore / useWithout;
                System.out.printf(Locale.ROOT, "pair %d: claims %,.0f / %,.0f / store %,.0f rows/s; batch uses %,.0f / %,.0f / store %,.0f rows/s%n",
                        p + 1, claimWithout, claimWith, claimStore, useWithout, useWith, useStore);
            }
            return storeTable + String.format(Locale.ROOT, """
                    | history cost (plain JDBC, the store's statements, median of %d alternating pairs) | with history / without | min | max | target |
                    |---|---|---|---|---|
                    | claims, 8 claimers x %d rows | %.2f | %.2f | %.2f | >= 0.7 |
                    | batch uses of %,d ids | %.2f | %.2f | %.2f | >= 0.7 |
                    | the store's claims / plain JDBC without history (the bare ceiling) | %.2f | %.2f | %.2f | |
                    | the store's batch uses / plain JDBC without history (the bare ceiling) | %.2f | %.2f | %.2f | |
                    """, pairs, PER_CLAIM, Measure.median(claimRatio), min(claimRatio), max(claimRatio), BATCH,
                    Measure.median(useRatio), min(useRatio), max(useRatio),
                    Measure.median(storeClaimRatio), min(storeClaimRatio), max(storeClaimRatio),
                    Measure.median(storeUseRatio), min(storeUseRatio), max(storeUseRatio));
        } finally {
            BenchDatabase.dropSchema(schema);
            BenchDatabase.dropSchema(bare);
        }
    }

    /**
     * Makes {@code schema}'s usage_events a BLACKHOLE table (installing the engine if the server has it), so the store
     * on it runs every statement of its own but its events are discarded: the store "without history".
     */
    private static boolean discardEvents(String schema) {
        try (Connection connection = BenchDatabase.connect(schema); java.sql.Statement statement = connection.createStatement()) {
            try {
                statement.execute("INSTALL SONAME 'ha_blackhole'");
            } catch (SQLException alreadyInstalledOrMissing) {
                // Installed already, or not available: the ALTER says which.
            }
            statement.execute("ALTER TABLE usage_events ENGINE=BLACKHOLE");
            return true;
        } catch (SQLException e) {
            System.out.println("no BLACKHOLE engine: " + e.getMessage());
            return false;
        }
    }

    private static List<TrajectoryId> fill(DatasetManager manager) {
        List<TrajectoryId> ids = new ArrayList<>();
        for (int done = 0; done < ROWS; done += 10_000) {
            int offset = done;
            manager.createDatasets(IntStream.range(0, 10_000).mapToObj(i -> CreateDatasetCommand.of("h_" + (offset + i)).inRun("h")).toList())
                    .forEach(record -> ids.add(record.trajectoryId()));
        }
        return ids;
    }

    /** The store's claims in plain JDBC ({@link StoreStatements#claim}), with or without their events. */
    private static double claims(String schema, int seconds, boolean history) throws Exception {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < CLAIMERS; i++) {
                connections.add(StoreStatements.connect(schema));
            }
            java.util.concurrent.ConcurrentLinkedQueue<Connection> free = new java.util.concurrent.ConcurrentLinkedQueue<>(connections);
            return Measure.concurrently(CLAIMERS, seconds, () -> {
                Connection connection = free.poll();
                try {
                    return StoreStatements.claim(connection, "h", Integer.MAX_VALUE, PER_CLAIM, ClaimOrder.LEAST_USED, history);
                } finally {
                    free.add(connection);
                }
            }).perSecond();
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    /** The store's batch uses in plain JDBC ({@link StoreStatements#use}), with or without their events. */
    private static double batchUses(String schema, List<TrajectoryId> all, int seconds, boolean history) throws Exception {
        try (Connection connection = StoreStatements.connect(schema)) {
            return rate(seconds, () -> StoreStatements.use(connection, sample(all).stream().map(TrajectoryId::value).sorted().toList(), null, history));
        }
    }

    private interface Rate {
        double of(DatasetManager store) throws Exception;
    }

    private static List<TrajectoryId> sample(List<TrajectoryId> all) {
        int from = ThreadLocalRandom.current().nextInt(all.size() - BATCH);
        return all.subList(from, from + BATCH);
    }

    /** Items per second one thread does repeating {@code work} for {@code seconds}. */
    private static double rate(int seconds, java.util.function.IntSupplier work) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        long items = 0;
        while (System.nanoTime() < deadline) {
            items += work.getAsInt();
        }
        return items / ((System.nanoTime() - start) / 1e9);
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
