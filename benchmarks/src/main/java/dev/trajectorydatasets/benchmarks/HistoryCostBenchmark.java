package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.embedded.DatasetManagers;
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
 * JDBC exactly as the store runs them, without and with the INSERT ... SELECT of their usage events.
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
            for (int p = 0; discarding && p < pairs; p++) {
                double claimsWithout = Measure.concurrently(CLAIMERS, seconds,
                        () -> without.claimTrajectories(ClaimRequest.of(PER_CLAIM).inRun("h").usedBelow(Integer.MAX_VALUE)).size()).perSecond();
                double claimsWith = Measure.concurrently(CLAIMERS, seconds,
                        () -> manager.claimTrajectories(ClaimRequest.of(PER_CLAIM).inRun("h").usedBelow(Integer.MAX_VALUE)).size()).perSecond();
                double usesWithout = rate(seconds, () -> without.recordUses(sample(bareIds), UsageLimit.once()).used().size());
                double usesWith = rate(seconds, () -> manager.recordUses(sample(ids), UsageLimit.once()).used().size());
                storeClaims[p] = claimsWith / claimsWithout;
                storeUses[p] = usesWith / usesWithout;
                System.out.printf(Locale.ROOT, "store pair %d: claims %,.0f without / %,.0f with history; batch uses %,.0f / %,.0f rows/s%n",
                        p + 1, claimsWithout, claimsWith, usesWithout, usesWith);
            }
            String storeTable = discarding ? String.format(Locale.ROOT, """
                    | the store, with history / the same store with its events discarded (median of %d alternating pairs) | ratio | min | max | target |
                    |---|---|---|---|---|
                    | claims, 8 claimers x %d rows | %.2f | %.2f | %.2f | >= 0.7 |
                    | batch uses of %,d ids | %.2f | %.2f | %.2f | >= 0.7 |

                    """, pairs, PER_CLAIM, Measure.median(storeClaims), min(storeClaims), max(storeClaims), BATCH,
                    Measure.median(storeUses), min(storeUses), max(storeUses))
                    : "(the BLACKHOLE engine is not available on this server: the store-level comparison was skipped)\n\n";
            double[] claimRatio = new double[pairs];
            double[] useRatio = new double[pairs];
            double[] storeClaimRatio = new double[pairs];
            double[] storeUseRatio = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                double claimWithout = claims(schema, seconds, false);
                double claimWith = claims(schema, seconds, true);
                double claimStore = Measure.concurrently(CLAIMERS, seconds,
                        () -> manager.claimTrajectories(ClaimRequest.of(PER_CLAIM).inRun("h").usedBelow(Integer.MAX_VALUE)).size()).perSecond();
                double useWithout = batchUses(schema, ids, seconds, false);
                double useWith = batchUses(schema, ids, seconds, true);
                double useStore = rate(seconds, () -> manager.recordUses(sample(ids), UsageLimit.once()).used().size());
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
                    | the store's claims (with history) / plain JDBC without | %.2f | %.2f | %.2f | |
                    | the store's batch uses (with history) / plain JDBC without | %.2f | %.2f | %.2f | |
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

    /** Claims as the store runs them (least used, SKIP LOCKED, one UPDATE), with or without their events. */
    private static double claims(String schema, int seconds, boolean history) throws Exception {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < CLAIMERS; i++) {
                Connection connection = BenchDatabase.connect(schema);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                connection.setAutoCommit(false);
                connections.add(connection);
            }
            java.util.concurrent.ConcurrentLinkedQueue<Connection> free = new java.util.concurrent.ConcurrentLinkedQueue<>(connections);
            return Measure.concurrently(CLAIMERS, seconds, () -> {
                Connection connection = free.poll();
                try {
                    return claimOnce(connection, history);
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

    private static int claimOnce(Connection connection, boolean history) throws SQLException {
        List<Long> ids = new ArrayList<>(PER_CLAIM);
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM datasets FORCE INDEX (idx_run_used) "
                + "WHERE run_id = ? AND used < ? ORDER BY used, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            select.setString(1, "h");
            select.setInt(2, Integer.MAX_VALUE);
            select.setInt(3, PER_CLAIM);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        addOne(connection, ids);
        if (history) {
            events(connection, ids, "CLAIM");
        }
        connection.commit();
        return ids.size();
    }

    /** Batch uses as the store runs them (lock in trajectory-id order, one UPDATE), with or without their events. */
    private static double batchUses(String schema, List<TrajectoryId> all, int seconds, boolean history) throws Exception {
        try (Connection connection = BenchDatabase.connect(schema)) {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection.setAutoCommit(false);
            return rate(seconds, () -> {
                try {
                    List<String> ids = sample(all).stream().map(TrajectoryId::value).sorted().toList();
                    List<Long> keys = new ArrayList<>(ids.size());
                    try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM datasets WHERE trajectory_id IN ("
                            + String.join(",", Collections.nCopies(ids.size(), "?")) + ") ORDER BY trajectory_id FOR UPDATE")) {
                        for (int i = 0; i < ids.size(); i++) {
                            lock.setString(i + 1, ids.get(i));
                        }
                        try (ResultSet rows = lock.executeQuery()) {
                            while (rows.next()) {
                                keys.add(rows.getLong(1));
                            }
                        }
                    }
                    keys.sort(null);
                    addOne(connection, keys);
                    if (history) {
                        events(connection, keys, "USE");
                    }
                    connection.commit();
                    return ids.size();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private static void addOne(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE datasets SET used = used + 1 WHERE id IN ("
                + String.join(",", Collections.nCopies(ids.size(), "?")) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                update.setLong(i + 1, ids.get(i));
            }
            update.executeUpdate();
        }
    }

    /** The store's event INSERT: one INSERT ... SELECT per 1,000 records, the shared values bound once. */
    private static void events(Connection connection, List<Long> records, String kind) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO usage_events (dataset_id, run_id, change_by, kind, occurred_at, "
                + "idempotency_key, consumer) SELECT id, run_id, ?, ?, ?, ?, ? FROM datasets WHERE id IN ("
                + String.join(",", Collections.nCopies(records.size(), "?")) + ")")) {
            insert.setInt(1, 1);
            insert.setString(2, kind);
            insert.setString(3, java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).toString().replace('T', ' '));
            insert.setNull(4, java.sql.Types.VARCHAR);
            insert.setNull(5, java.sql.Types.VARCHAR);
            for (int i = 0; i < records.size(); i++) {
                insert.setLong(i + 6, records.get(i));
            }
            insert.executeUpdate();
        }
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
