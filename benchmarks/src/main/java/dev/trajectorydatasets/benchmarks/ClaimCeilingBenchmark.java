package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.embedded.DatasetManagers;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Claims next to what bounds them. On MariaDB: 8 claimers through the store against 8 plain-JDBC claimers sending
 * the store's statements ({@link StoreStatements#claim}: the pause read, the same {@code SELECT ... FOR UPDATE SKIP
 * LOCKED} on the same index, {@code used = used + 1}, the CLAIM events), and as a bare ceiling a claim's core alone
 * (the same SELECT and UPDATE, no history), least used and random, alternating; every connection READ COMMITTED. In memory: 8
 * claimers at 10,000 and at 1,000,000 rows. H2: the latency of one claim of 32 at 1,000,000 rows.
 */
final class ClaimCeilingBenchmark {

    private static final int CLAIMERS = 8;
    private static final int PER_CLAIM = 32;
    private static final int CAP = 1_000_000;

    private ClaimCeilingBenchmark() {
    }

    /** Sizes: rows in the MariaDB runs, seconds per trial, pairs, rows of the big in-memory and H2 runs. */
    record Sizes(int mariadbRows, int seconds, int pairs, int smallRows, int bigRows) {
    }

    static final Sizes FULL = new Sizes(100_000, 5, 3, 10_000, 1_000_000);
    static final Sizes QUICK = new Sizes(5_000, 1, 1, 2_000, 20_000);

    /** {@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.ClaimCeilingBenchmark [--quick]}. */
    public static void main(String[] args) throws Exception {
        Report report = new Report();
        Sizes sizes = java.util.Arrays.asList(args).contains("--quick") ? QUICK : FULL;
        if (java.util.Arrays.asList(args).contains("--mariadb-only")) {
            mariadb(report, sizes);
        } else {
            run(report, sizes);
        }
        report.table.forEach(row -> System.out.println("| " + String.join(" | ", row) + " |"));
    }

    static void run(Report report, Sizes sizes) throws Exception {
        mariadb(report, sizes);
        inMemory(report, sizes);
        h2(report, sizes);
    }

    // ---- MariaDB: the store against plain JDBC ----

    static void mariadb(Report report, Sizes sizes) throws Exception {
        String schema = "datasets_claimceil_" + UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        BenchDatabase.createSchema(schema + "_jdbc");
        try (DatasetManager store = DatasetManagers.mysql(BenchDatabase.settings(schema, CLAIMERS + 2));
             DatasetManager plainSchema = DatasetManagers.mysql(BenchDatabase.settings(schema + "_jdbc", 2))) {
            fill(store, "claims", sizes.mariadbRows());
            fill(plainSchema, "claims", sizes.mariadbRows());
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < CLAIMERS; i++) {
                connections.add(StoreStatements.connect(schema + "_jdbc"));
            }
            try {
                for (ClaimOrder order : List.of(ClaimOrder.LEAST_USED, ClaimOrder.RANDOM)) {
                    ClaimRequest claim = ClaimRequest.of(PER_CLAIM).inRun("claims").usedBelow(CAP).ordered(order);
                    String name = "MariaDB claims, " + CLAIMERS + " claimers x " + PER_CLAIM + ", " + order.name().toLowerCase(Locale.ROOT);
                    report.paired(name, Harness.SAME_WORK, 0.8, false, sizes.pairs(),
                            t -> Measure.concurrently(CLAIMERS, sizes.seconds(), () -> store.claimTrajectories(claim).size()).perSecond(),
                            t -> plainClaims(connections, sizes.seconds(), connection -> StoreStatements.claim(connection, "claims", CAP, PER_CLAIM, order)),
                            t -> plainClaims(connections, sizes.seconds(), connection -> plainClaim(connection, order)));
                }
            } finally {
                for (Connection connection : connections) {
                    connection.close();
                }
            }
        } finally {
            BenchDatabase.dropSchema(schema);
            BenchDatabase.dropSchema(schema + "_jdbc");
        }
    }

    private static final String COLUMNS = "id, trajectory_id, created_at, used, model_version, run_id, task_id, reward, attributes";

    /** A claim on a held connection. */
    private interface PlainClaim {
        int claim(Connection connection) throws SQLException;
    }

    /** Each of the claimers on its own connection (READ COMMITTED, as the store's). */
    private static double plainClaims(List<Connection> connections, int seconds, PlainClaim claim) throws Exception {
        java.util.concurrent.atomic.AtomicInteger slots = new java.util.concurrent.atomic.AtomicInteger();
        ThreadLocal<Connection> mine = ThreadLocal.withInitial(() -> connections.get(slots.getAndIncrement()));
        return Measure.concurrently(CLAIMERS, seconds, () -> claim.claim(mine.get())).perSecond();
    }

    private static int plainClaim(Connection connection, ClaimOrder order) throws SQLException {
        connection.setAutoCommit(false);
        try {
            Timestamp now = Timestamp.from(Instant.now());
            List<Long> ids = new ArrayList<>(PER_CLAIM);
            if (order == ClaimOrder.LEAST_USED) {
                select(connection, "SELECT " + COLUMNS + " FROM datasets FORCE INDEX (idx_run_used) WHERE run_id = ? AND used < ?"
                        + " AND (leased_until IS NULL OR leased_until <= ?) ORDER BY used, leased_until, id LIMIT ? FOR UPDATE SKIP LOCKED", now, null, PER_CLAIM, ids);
            } else {
                int pivot = ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);
                String sql = "SELECT " + COLUMNS + " FROM datasets FORCE INDEX (idx_run_claim_key) WHERE run_id = ? AND used < ?"
                        + " AND (leased_until IS NULL OR leased_until <= ?) AND claim_key %s ? ORDER BY claim_key LIMIT ? FOR UPDATE SKIP LOCKED";
                select(connection, String.format(sql, ">="), now, pivot, PER_CLAIM, ids);
                if (ids.size() < PER_CLAIM) {
                    select(connection, String.format(sql, "<"), now, pivot, PER_CLAIM - ids.size(), ids);
                }
            }
            if (!ids.isEmpty()) {
                String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
                try (PreparedStatement update = connection.prepareStatement("UPDATE datasets SET used = used + 1 WHERE id IN (" + marks + ")")) {
                    for (int i = 0; i < ids.size(); i++) {
                        update.setLong(i + 1, ids.get(i));
                    }
                    update.executeUpdate();
                }
            }
            connection.commit();
            return ids.size();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    private static void select(Connection connection, String sql, Timestamp now, Integer pivot, int limit, List<Long> ids) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            select.setString(p++, "claims");
            select.setInt(p++, CAP);
            select.setTimestamp(p++, now);
            if (pivot != null) {
                select.setInt(p++, pivot);
            }
            select.setInt(p, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                    rows.getString(2);
                    rows.getObject(3, java.time.LocalDateTime.class);
                    rows.getInt(4);
                    rows.getInt(5);
                    rows.getString(6);
                    rows.getString(7);
                    rows.getObject(8);
                    rows.getString(9);
                }
            }
        }
    }

    // ---- in memory: flat from 10,000 to 1,000,000 rows ----

    private static void inMemory(Report report, Sizes sizes) throws Exception {
        double[] rates = new double[2];
        int[] rows = {sizes.smallRows(), sizes.bigRows()};
        for (int i = 0; i < 2; i++) {
            try (DatasetManager memory = DatasetManagers.inMemory()) {
                fill(memory, "claims", rows[i]);
                ClaimRequest claim = ClaimRequest.of(PER_CLAIM).inRun("claims").usedBelow(CAP);
                Measure.concurrently(CLAIMERS, 1, () -> memory.claimTrajectories(claim).size());
                rates[i] = Measure.concurrently(CLAIMERS, sizes.seconds() * 2, () -> memory.claimTrajectories(claim).size()).perSecond();
            }
            report.figure(String.format(Locale.ROOT, "in-memory claims, %d claimers x %d, run of %,d rows, records/s", CLAIMERS, PER_CLAIM, rows[i]), Math.round(rates[i]));
        }
        report.row(String.format(Locale.ROOT, "in-memory claims, %d claimers x %d, run of %,d rows", CLAIMERS, PER_CLAIM, sizes.bigRows()),
                String.format(Locale.ROOT, "%,.0f/s", rates[1]), "target", "100,000/s", "", ">= 100,000/s", rates[1] >= 100_000 ? "yes" : "no");
        double flat = rates[1] / rates[0];
        report.row(String.format(Locale.ROOT, "in-memory claims at %,d rows vs at %,d", sizes.bigRows(), sizes.smallRows()),
                String.format(Locale.ROOT, "%,.0f/s", rates[1]), String.format(Locale.ROOT, "%,d rows", sizes.smallRows()),
                String.format(Locale.ROOT, "%,.0f/s", rates[0]), String.format(Locale.ROOT, "%.2f", flat), ">= 0.8 (flat)", flat >= 0.8 ? "yes" : "no");
        System.out.printf(Locale.ROOT, "in-memory claims: %,.0f records/s at %,d rows, %,.0f at %,d rows%n", rates[0], rows[0], rates[1], rows[1]);
    }

    // ---- H2: one claim at 1,000,000 rows ----

    private static void h2(Report report, Sizes sizes) throws Exception {
        Path directory = Files.createTempDirectory("claims-h2");
        try (DatasetManager h2 = DatasetManagers.embedded(directory)) {
            fill(h2, "claims", sizes.bigRows());
            ClaimRequest claim = ClaimRequest.of(PER_CLAIM).inRun("claims").usedBelow(CAP);
            for (int i = 0; i < 50; i++) {
                h2.claimTrajectories(claim);
            }
            Histogram latency = Report.micros();
            for (int i = 0; i < 500; i++) {
                long start = System.nanoTime();
                h2.claimTrajectories(claim);
                latency.recordValue((System.nanoTime() - start) / 1000);
            }
            String name = String.format(Locale.ROOT, "H2 claim of %d, run of %,d rows", PER_CLAIM, sizes.bigRows());
            report.latency(name, latency);
            double median = latency.getValueAtPercentile(50) / 1000.0;
            report.row(name + " (median of 500)", String.format(Locale.ROOT, "%.2f ms", median), "target", "2 ms", "", "<= 2 ms", median <= 2 ? "yes" : "no");
            System.out.printf(Locale.ROOT, "%s: p50 %.2f ms, p99 %.2f ms%n", name, median, latency.getValueAtPercentile(99) / 1000.0);
        } finally {
            try (var walk = Files.walk(directory)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** {@code rows} records in {@code run}, used 0 to 5, model versions 0 to 3. */
    static void fill(DatasetManager manager, String run, int rows) {
        String prefix = run + "_" + UUID.randomUUID().toString().substring(0, 6);
        for (int from = 0; from < rows; from += 10_000) {
            int start = from;
            manager.createDatasets(IntStream.range(start, Math.min(rows, start + 10_000))
                    .mapToObj(i -> CreateDatasetCommand.of(prefix + "_" + i).inRun(run).used(i % 6).modelVersion(i % 4)).toList());
        }
    }
}
