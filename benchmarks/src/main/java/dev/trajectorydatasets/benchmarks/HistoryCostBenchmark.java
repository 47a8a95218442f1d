package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.bootstrap.DatasetManagers;
import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageLimit;

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
 * (1,000 ids each), each in plain JDBC exactly as the store runs them, without and with the one multi-row INSERT of
 * their usage events, in alternating pairs (median ratio); and the store itself (with history) next to the plain
 * JDBC without it.
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
        BenchDatabase.createSchema(schema);
        try (DatasetManager manager = DatasetManagers.mysql(BenchDatabase.settings(schema, CLAIMERS + 2))) {
            List<TrajectoryId> ids = fill(manager);
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
            return String.format(Locale.ROOT, """
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

    /** The store's event INSERT: one multi-row statement. */
    private static void events(Connection connection, List<Long> records, String kind) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO usage_events (dataset_id, run_id, change_by, kind, occurred_at, "
                + "idempotency_key, consumer) VALUES " + String.join(",", Collections.nCopies(records.size(), "(?,?,?,?,?,?,?)")))) {
            int p = 1;
            String now = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).toString().replace('T', ' ');
            for (long record : records) {
                insert.setLong(p++, record);
                insert.setString(p++, "h");
                insert.setInt(p++, 1);
                insert.setString(p++, kind);
                insert.setString(p++, now);
                insert.setNull(p++, java.sql.Types.VARCHAR);
                insert.setNull(p++, java.sql.Types.VARCHAR);
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
