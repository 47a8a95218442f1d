package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.embedded.DatasetManagers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * What the database allows the claim-train-ack cycle, without this project's code: 8 plain-JDBC trainers each doing,
 * in one transaction, the statements of one step of the store (lock the previous lease and its rows, count them,
 * free them, rewrite the lease, write their usage events; then take 32 free rows with {@code SKIP LOCKED}, write a
 * new lease and hold the rows), next to 8 plain-JDBC claimers doing a counting claim's statements (take 32, count
 * them, write their usage events), alternating pairs, READ COMMITTED as the store runs. The ratio of the two is the
 * most the store's cycle could reach against its claims on this schema and this database: if it is below the
 * target, the target is out of reach of any code above the database.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.LeaseCycleCeiling [--quick]}
 */
final class LeaseCycleCeiling {

    private static final int TRAINERS = 8;
    private static final int PER_STEP = 32;
    private static final int CAP = 1_000_000;
    private static final String COLUMNS = "id, trajectory_id, created_at, used, model_version, run_id, task_id, reward, attributes";

    record Sizes(int rows, int seconds, int pairs) {
    }

    static final Sizes FULL = new Sizes(20_000, 5, 7);
    static final Sizes QUICK = new Sizes(2_000, 1, 1);

    private LeaseCycleCeiling() {
    }

    /** {@code [--quick] [--in-place] [--minimal]}: the other {@link Holds} next to today's. */
    public static void main(String[] args) throws Exception {
        Report report = new Report();
        Sizes sizes = Arrays.asList(args).contains("--quick") ? QUICK : FULL;
        run(report, sizes, Holds.INDEXED);
        if (Arrays.asList(args).contains("--in-place")) {
            run(report, sizes, Holds.IN_PLACE);
        }
        if (Arrays.asList(args).contains("--minimal")) {
            run(report, sizes, Holds.MINIMAL);
        }
        report.table.forEach(row -> System.out.println("| " + String.join(" | ", row) + " |"));
    }

    /**
     * Where a claim finds a row's hold. {@code INDEXED}: today's schema, {@code leased_until} the last column of the
     * claim indexes, so free rows come before held ones in claim order and a hold moves the row in two indexes.
     * {@code IN_PLACE}: an experiment (issue 33), {@code leased_until} out of those indexes ({@code (run_id, used)},
     * {@code (used)}), so a hold is written in the row only and a claim passes the held rows it meets.
     */
    enum Holds {
        INDEXED("ORDER BY used, leased_until, id", ""),
        IN_PLACE("ORDER BY used, id", ", the hold written in place (leased_until out of the claim indexes)"),
        /**
         * The least any lease that marks its rows could send: no lease row, nothing read back; a step counts and frees
         * the rows it remembers, writes their events, takes 32 and marks them (4 statements where a claim sends 3).
         */
        MINIMAL("ORDER BY used, leased_until, id", ", the least a lease could send (no lease row, nothing read back: 4 statements a step)");

        final String order;
        final String label;

        Holds(String order, String label) {
            this.order = order;
            this.label = label;
        }
    }

    /** Adds one row to {@code report}: the plain-JDBC cycle against plain-JDBC counting claims. */
    static void run(Report report, Sizes sizes) throws Exception {
        run(report, sizes, Holds.INDEXED);
    }

    /** {@link #run(Report, Sizes)} on a schema whose holds are where {@code holds} says. */
    static void run(Report report, Sizes sizes, Holds holds) throws Exception {
        String schema = "datasets_cycleceil_" + UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        try (DatasetManager store = DatasetManagers.mysql(BenchDatabase.settings(schema, 2))) {
            store.createDatasets(IntStream.range(0, sizes.rows()).mapToObj(i -> CreateDatasetCommand.of("cycle_" + i).inRun("cycle")).toList());
            if (holds == Holds.IN_PLACE) {
                try (Connection connection = BenchDatabase.connect(schema); Statement statement = connection.createStatement()) {
                    statement.execute("ALTER TABLE datasets DROP INDEX idx_run_used, ADD INDEX idx_run_used (run_id, used),"
                            + " DROP INDEX idx_used, ADD INDEX idx_used (used)");
                }
            }
            order = holds.order;
            minimal = holds == Holds.MINIMAL;
            List<Connection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < TRAINERS; i++) {
                    Connection connection = BenchDatabase.connect(schema);
                    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    connection.setAutoCommit(false);
                    connections.add(connection);
                }
                // One untimed trial of each, so neither is measured cold.
                cycles(connections, sizes.seconds());
                claims(connections, sizes.seconds());
                report.paired("plain-JDBC claim-train-ack cycle, " + TRAINERS + " trainers x " + PER_STEP + " (one transaction a step)" + holds.label,
                        "plain-JDBC counting claims", null, false, sizes.pairs(),
                        t -> cycles(connections, sizes.seconds()), t -> claims(connections, sizes.seconds()));
            } finally {
                for (Connection connection : connections) {
                    connection.close();
                }
            }
        } finally {
            BenchDatabase.dropSchema(schema);
        }
    }

    /** Each trainer on its own connection, its previous lease acknowledged by its next step; rows counted per second. */
    private static double cycles(List<Connection> connections, int seconds) throws Exception {
        List<Trainer> trainers = connections.stream().map(Trainer::new).toList();
        AtomicInteger slots = new AtomicInteger();
        ThreadLocal<Trainer> mine = ThreadLocal.withInitial(() -> trainers.get(slots.getAndIncrement()));
        double rate = Measure.concurrently(TRAINERS, seconds, () -> mine.get().step(true)).perSecond();
        for (Trainer trainer : trainers) {
            trainer.step(false);
        }
        return rate;
    }

    private static double claims(List<Connection> connections, int seconds) throws Exception {
        AtomicInteger slots = new AtomicInteger();
        ThreadLocal<Connection> mine = ThreadLocal.withInitial(() -> connections.get(slots.getAndIncrement()));
        return Measure.concurrently(TRAINERS, seconds, () -> claim(mine.get())).perSecond();
    }

    /** A counting claim: take 32, count one use of each, write their events; commit. */
    private static int claim(Connection connection) throws SQLException {
        return Math.max(0, inTransaction(connection, () -> {
            List<long[]> taken = take(connection);
            if (!taken.isEmpty()) {
                update(connection, "UPDATE datasets SET used = used + 1 WHERE id IN (", ids(taken), null);
                events(connection, taken, "CLAIM");
            }
            return taken.size();
        }));
    }

    /** One trainer: the lease it holds between steps. */
    private static final class Trainer {
        private static final AtomicInteger LEASES = new AtomicInteger();
        private final Connection connection;
        private long lease;
        /** The rows of the held lease, as {@link Holds#MINIMAL} remembers them. */
        private List<long[]> held = List.of();
        private List<long[]> taking = List.of();

        Trainer(Connection connection) {
            this.connection = connection;
        }

        /**
         * Acknowledges the held lease (its rows counted) and, when {@code next}, leases the next 32, in one transaction;
         * returns rows counted (0 when the database rolled the step back: the same lease is acknowledged next time).
         */
        int step(boolean next) throws SQLException {
            long[] taken = {0};
            int counted = inTransaction(connection, () -> {
                int acknowledged = lease == 0 ? 0 : acknowledge();
                taken[0] = next ? leaseNext() : 0;
                return acknowledged;
            });
            if (counted < 0) {
                return 0;
            }
            lease = taken[0];
            held = taking;
            return counted;
        }

        private int acknowledge() throws SQLException {
            if (minimal) {
                update(connection, "UPDATE datasets SET used = used + 1, lease_id = NULL, leased_until = NULL WHERE id IN (", ids(held), null);
                events(connection, held, "ACKNOWLEDGE");
                return held.size();
            }
            List<Long> held = new ArrayList<>();
            String items;
            try (PreparedStatement select = connection.prepareStatement("SELECT id, run_id, max_used, consumer, created_at, expires_at, items"
                    + " FROM leases WHERE id = ? FOR UPDATE")) {
                select.setLong(1, lease);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    items = row.getString(7);
                }
            }
            for (String line : items.split("\n")) {
                held.add(Long.parseLong(line.substring(0, line.indexOf('\t'))));
            }
            Collections.sort(held);
            List<long[]> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + ", lease_id, leased_until FROM datasets"
                    + " WHERE id IN (" + marks(held.size()) + ") ORDER BY id FOR UPDATE")) {
                for (int i = 0; i < held.size(); i++) {
                    select.setLong(i + 1, held.get(i));
                }
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.add(new long[]{result.getLong(1), result.getInt(4)});
                        readRest(result);
                        result.getLong(10);
                        result.getObject(11, java.time.LocalDateTime.class);
                    }
                }
            }
            update(connection, "UPDATE datasets SET used = used + 1, lease_id = NULL, leased_until = NULL WHERE id IN (", ids(rows), null);
            try (PreparedStatement write = connection.prepareStatement("UPDATE leases SET items = ?, freed_at = ? WHERE id = ?")) {
                write.setString(1, items.replace("\tH\t", "\tA\t"));
                write.setTimestamp(2, Timestamp.from(Instant.now()));
                write.setLong(3, lease);
                write.executeUpdate();
            }
            events(connection, rows, "ACKNOWLEDGE");
            return rows.size();
        }

        private long leaseNext() throws SQLException {
            List<long[]> taken = take(connection);
            taking = taken;
            if (taken.isEmpty()) {
                return 0;
            }
            if (minimal) {
                long id = LEASES.incrementAndGet();
                List<Long> ids = ids(taken);
                Collections.sort(ids);
                update(connection, "UPDATE datasets SET lease_id = " + id + ", leased_until = ? WHERE id IN (", ids, Timestamp.from(Instant.now().plusSeconds(60)));
                return id;
            }
            StringBuilder items = new StringBuilder();
            for (long[] row : taken) {
                items.append(row[0]).append('\t').append(row[1]).append("\tH\tcycle_").append(row[0]).append('\n');
            }
            Timestamp now = Timestamp.from(Instant.now());
            Timestamp until = Timestamp.from(Instant.now().plusSeconds(60));
            long id;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO leases (run_id, max_used, consumer, created_at, expires_at,"
                    + " items) VALUES (?, ?, NULL, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, "cycle");
                insert.setInt(2, CAP);
                insert.setTimestamp(3, now);
                insert.setTimestamp(4, until);
                insert.setString(5, items.toString());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            List<Long> ids = ids(taken);
            Collections.sort(ids);
            update(connection, "UPDATE datasets SET lease_id = " + id + ", leased_until = ? WHERE id IN (", ids, until);
            return id;
        }
    }

    /** Whether the trainers send only {@link Holds#MINIMAL}'s statements. */
    private static volatile boolean minimal;

    /** The claim order of the schema being measured ({@link Holds#order}). */
    private static volatile String order = Holds.INDEXED.order;

    /** The store's least-used claim: 32 free rows of the run below the cap, locked, passing rows others hold. */
    private static List<long[]> take(Connection connection) throws SQLException {
        List<long[]> taken = new ArrayList<>(PER_STEP);
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM datasets FORCE INDEX (idx_run_used)"
                + " WHERE run_id = ? AND used < ? AND (leased_until IS NULL OR leased_until <= ?) " + order
                + " LIMIT ? FOR UPDATE SKIP LOCKED")) {
            select.setString(1, "cycle");
            select.setInt(2, CAP);
            select.setTimestamp(3, Timestamp.from(Instant.now()));
            select.setInt(4, PER_STEP);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    taken.add(new long[]{result.getLong(1), result.getInt(4)});
                    readRest(result);
                }
            }
        }
        return taken;
    }

    /** Reads the other columns as the store does, so both sides pay for the same result. */
    private static void readRest(ResultSet result) throws SQLException {
        result.getString(2);
        result.getObject(3, java.time.LocalDateTime.class);
        result.getInt(5);
        result.getString(6);
        result.getString(7);
        result.getObject(8);
        result.getString(9);
    }

    /** One usage event per row, as one multi-row insert. */
    private static void events(Connection connection, List<long[]> rows, String kind) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO usage_events (dataset_id, run_id, change_by, kind, occurred_at,"
                + " idempotency_key, consumer) VALUES " + String.join(",", Collections.nCopies(rows.size(), "(?, 'cycle', 1, ?, ?, NULL, NULL)")))) {
            Timestamp now = Timestamp.from(Instant.now());
            int p = 1;
            for (long[] row : rows) {
                insert.setLong(p++, row[0]);
                insert.setString(p++, kind);
                insert.setTimestamp(p++, now);
            }
            insert.executeUpdate();
        }
    }

    private static void update(Connection connection, String sqlUpToList, List<Long> ids, Timestamp first) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sqlUpToList + marks(ids.size()) + ")")) {
            int p = 1;
            if (first != null) {
                update.setTimestamp(p++, first);
            }
            for (long id : ids) {
                update.setLong(p++, id);
            }
            update.executeUpdate();
        }
    }

    private static List<Long> ids(List<long[]> rows) {
        List<Long> ids = new ArrayList<>(rows.size());
        rows.forEach(row -> ids.add(row[0]));
        return ids;
    }

    private static String marks(int count) {
        return String.join(",", Collections.nCopies(count, "?"));
    }

    private interface Work {
        int run() throws SQLException;
    }

    /** Runs {@code work} and commits; -1 when the database broke a deadlock by rolling it back (both sides alike). */
    private static int inTransaction(Connection connection, Work work) throws SQLException {
        try {
            int done = work.run();
            connection.commit();
            return done;
        } catch (SQLException e) {
            connection.rollback();
            if (e.getErrorCode() == 1213 || "40001".equals(e.getSQLState())) {
                return -1;
            }
            throw e;
        }
    }
}
