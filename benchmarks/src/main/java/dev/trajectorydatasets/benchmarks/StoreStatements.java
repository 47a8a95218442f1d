package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.domain.claim.ClaimOrder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The same-work ceilings: the statements the MariaDB store sends for an operation (read off the server's general
 * log: the same text, the same columns read, the same usage-event rows, the same transaction, READ COMMITTED), sent
 * by plain JDBC on one held connection with nothing above them. A store's figure over one of these measures only
 * what its layers cost; {@link PlainJdbc} is the bare ceiling (the least the database can do for the answer, no
 * history). The one place the benchmarks spell the store's statements.
 */
final class StoreStatements {

    static final int CHUNK = 1_000;
    static final String COLUMNS = "id, trajectory_id, created_at, used, model_version, run_id, task_id, reward, attributes";
    private static final String EVENT = "INSERT INTO usage_events (dataset_id, run_id, change_by, kind, occurred_at, idempotency_key, consumer, "
            + "consumer_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private StoreStatements() {
    }

    /** A plain connection as the store holds one: READ COMMITTED, UTC, the store's driver options. */
    static Connection connect(String schema) throws SQLException {
        Connection connection = BenchDatabase.connect(schema);
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        return connection;
    }

    /** What the store writes for a bulk create in a run: its run's group row read, a savepoint, the rows, a CREATE event per row created used. */
    static int create(Connection connection, List<CreateDatasetCommand> commands) {
        return transaction(connection, () -> {
            for (int batch = 0; batch < commands.size(); batch += 10_000) {
                List<CreateDatasetCommand> part = commands.subList(batch, Math.min(commands.size(), batch + 10_000));
                try (PreparedStatement runs = connection.prepareStatement("SELECT groups_count FROM consumer_group_runs WHERE run_id = ? LOCK IN SHARE MODE")) {
                    runs.setString(1, part.get(0).runId().orElseThrow().value());
                    runs.executeQuery().close();
                }
                connection.setSavepoint();
                String now = wire(Instant.now());
                List<Long> ids = new ArrayList<>(part.size());
                for (int from = 0; from < part.size(); from += CHUNK) {
                    List<CreateDatasetCommand> chunk = part.subList(from, Math.min(part.size(), from + CHUNK));
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO datasets (trajectory_id, created_at, used, model_version, "
                            + "run_id, claim_key, task_id, reward, attributes) VALUES " + String.join(",", Collections.nCopies(chunk.size(),
                            "(?,?,?,?,?,?,?,?,?)")), Statement.RETURN_GENERATED_KEYS)) {
                        int p = 1;
                        for (CreateDatasetCommand command : chunk) {
                            insert.setString(p++, command.trajectoryId().value());
                            insert.setString(p++, now);
                            insert.setInt(p++, command.used());
                            insert.setInt(p++, command.modelVersion());
                            insert.setString(p++, command.runId().orElseThrow().value());
                            insert.setInt(p++, ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
                            insert.setNull(p++, Types.VARCHAR);
                            insert.setNull(p++, Types.DOUBLE);
                            insert.setNull(p++, Types.VARCHAR);
                        }
                        insert.executeUpdate();
                        try (ResultSet keys = insert.getGeneratedKeys()) {
                            while (keys.next()) {
                                ids.add(keys.getLong(1));
                            }
                        }
                    }
                }
                List<Event> created = new ArrayList<>();
                for (int i = 0; i < part.size(); i++) {
                    if (part.get(i).used() > 0) {
                        created.add(new Event(ids.get(i), part.get(i).runId().orElseThrow().value(), part.get(i).used()));
                    }
                }
                events(connection, created, "CREATE", now);
            }
            return commands.size();
        });
    }

    /** The store's lookup: the record's nine columns by trajectory id, each read. */
    static int lookups(Connection connection, List<String> ids) {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM datasets WHERE trajectory_id = ?")) {
            for (String id : ids) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("missing " + id);
                    }
                    readRecord(row);
                }
            }
            return ids.size();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The store's set used (one value each, {@code values} in trajectory-id order): per 1,000 the rows locked in
     * order, the SET events ({@code INSERT ... SELECT} from the values joined), the values ({@code UPDATE ... JOIN}).
     */
    static int setUsed(Connection connection, List<Map.Entry<String, Integer>> values) {
        return transaction(connection, () -> {
            int found = 0;
            String now = wire(Instant.now());
            for (int from = 0; from < values.size(); from += CHUNK) {
                List<Map.Entry<String, Integer>> chunk = values.subList(from, Math.min(values.size(), from + CHUNK));
                String joined = "SELECT ? AS t, ? AS u" + " UNION ALL SELECT ?, ?".repeat(chunk.size() - 1);
                try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM datasets WHERE trajectory_id IN ("
                        + marks(chunk.size()) + ") ORDER BY trajectory_id FOR UPDATE")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        lock.setString(i + 1, chunk.get(i).getKey());
                    }
                    lock.executeQuery().close();
                }
                try (PreparedStatement events = connection.prepareStatement("INSERT INTO usage_events (dataset_id, run_id, change_by, kind, "
                        + "occurred_at, idempotency_key, consumer, consumer_group) SELECT d.id, d.run_id, v.u - d.used, ?, ?, ?, ?, NULL FROM ("
                        + joined + ") v JOIN datasets d ON d.trajectory_id = v.t WHERE d.used <> v.u")) {
                    events.setString(1, "SET");
                    events.setString(2, now);
                    events.setNull(3, Types.VARCHAR);
                    events.setNull(4, Types.VARCHAR);
                    bindValues(events, 5, chunk);
                    events.executeUpdate();
                }
                try (PreparedStatement update = connection.prepareStatement("UPDATE datasets d JOIN (" + joined
                        + ") v ON d.trajectory_id = v.t SET d.used = v.u")) {
                    bindValues(update, 1, chunk);
                    found += update.executeUpdate();
                }
            }
            return found;
        });
    }

    /**
     * The store's batch use of distinct ids (in trajectory-id order), no cap reached: per 1,000 the records read and
     * locked in order, then a USE event per record and {@code used = used + 1} by primary key.
     */
    static int use(Connection connection, List<String> sortedIds) {
        return use(connection, sortedIds, null, true);
    }

    /**
     * {@link #use(Connection, List)}, each record used (its nine columns, {@code used} as counted) added to
     * {@code records} when given; without its events when not {@code history} (what the history costs).
     */
    static int use(Connection connection, List<String> sortedIds, List<Map<String, Object>> records, boolean history) {
        return transaction(connection, () -> {
            List<Event> used = new ArrayList<>(sortedIds.size());
            for (int from = 0; from < sortedIds.size(); from += CHUNK) {
                List<String> chunk = sortedIds.subList(from, Math.min(sortedIds.size(), from + CHUNK));
                try (PreparedStatement lock = connection.prepareStatement("SELECT " + COLUMNS + " FROM datasets WHERE trajectory_id IN ("
                        + marks(chunk.size()) + ") ORDER BY trajectory_id FOR UPDATE")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        lock.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet result = lock.executeQuery()) {
                        while (result.next()) {
                            readRecord(result);
                            used.add(new Event(result.getLong(1), result.getString(6), 1));
                            if (records != null) {
                                records.add(record(result, 1));
                            }
                        }
                    }
                }
            }
            if (history) {
                events(connection, used, "USE", wire(Instant.now()));
            }
            addOne(connection, used.stream().map(Event::id).sorted().toList());
            return used.size();
        });
    }

    /**
     * The store's claim of {@code count} in {@code run} below {@code cap} (least used or random): the run's pause
     * read, the rows read and locked ({@code SKIP LOCKED}, the store's index and order), {@code used + 1}, a CLAIM
     * event each, commit.
     */
    static int claim(Connection connection, String run, int cap, int count, ClaimOrder order) {
        return claim(connection, run, cap, count, order, true);
    }

    /** {@link #claim(Connection, String, int, int, ClaimOrder)}, without its events when not {@code history}. */
    static int claim(Connection connection, String run, int cap, int count, ClaimOrder order, boolean history) {
        return transaction(connection, () -> {
            try (PreparedStatement pause = connection.prepareStatement("SELECT run_id AS runId, since, reason FROM run_pauses WHERE run_id = ?")) {
                pause.setString(1, run);
                pause.executeQuery().close();
            }
            String now = wire(Instant.now());
            List<Event> taken = new ArrayList<>(count);
            if (order == ClaimOrder.LEAST_USED) {
                claimSelect(connection, "SELECT " + COLUMNS + " FROM datasets FORCE INDEX (idx_run_used) WHERE run_id = ? AND used < ?"
                        + " AND (leased_until IS NULL OR leased_until <= ?) ORDER BY used, leased_until, id LIMIT ? FOR UPDATE SKIP LOCKED",
                        run, cap, now, null, count, taken);
            } else if (order == ClaimOrder.RANDOM) {
                int pivot = ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);
                String sql = "SELECT " + COLUMNS + " FROM datasets FORCE INDEX (idx_run_claim_key) WHERE run_id = ? AND used < ?"
                        + " AND (leased_until IS NULL OR leased_until <= ?) AND claim_key %s ? ORDER BY claim_key LIMIT ? FOR UPDATE SKIP LOCKED";
                claimSelect(connection, String.format(sql, ">="), run, cap, now, pivot, count, taken);
                if (taken.size() < count) {
                    claimSelect(connection, String.format(sql, "<"), run, cap, now, pivot, count - taken.size(), taken);
                }
            } else {
                throw new IllegalArgumentException("no same-work ceiling for " + order);
            }
            addOne(connection, taken.stream().map(Event::id).toList());
            if (history) {
                events(connection, taken, "CLAIM", now);
            }
            return taken.size();
        });
    }

    private static void claimSelect(Connection connection, String sql, String run, int cap, String now, Integer pivot, int limit,
                                    List<Event> taken) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            select.setString(p++, run);
            select.setInt(p++, cap);
            select.setString(p++, now);
            if (pivot != null) {
                select.setInt(p++, pivot);
            }
            select.setInt(p, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    readRecord(rows);
                    taken.add(new Event(rows.getLong(1), rows.getString(6), 1));
                }
            }
        }
    }

    /** {@code used = used + 1} of these primary keys, per 1,000. */
    private static void addOne(Connection connection, List<Long> ids) throws SQLException {
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            try (PreparedStatement update = connection.prepareStatement("UPDATE datasets SET used = used + 1 WHERE id IN (" + marks(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    update.setLong(i + 1, chunk.get(i));
                }
                update.executeUpdate();
            }
        }
    }

    /** Reads a record's nine columns as the store's reader does (its time as UTC text). */
    private static void readRecord(ResultSet row) throws SQLException {
        row.getLong(1);
        row.getString(2);
        row.getString(3);
        row.getInt(4);
        row.getInt(5);
        row.getString(6);
        row.getString(7);
        row.getDouble(8);
        row.getString(9);
    }

    /** A usage event to write: the record, its run, the change. */
    private record Event(long id, String run, int change) {
    }

    /** The store's event insert: one batched INSERT of values (multi-row with rewriteBatchedStatements), sent every 1,000. */
    /** A record as the store answers it: its columns by their JSON names, {@code used} plus {@code added}. */
    static Map<String, Object> record(ResultSet row, int added) throws SQLException {
        Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("id", row.getLong(1));
        record.put("trajectory_id", row.getString(2));
        record.put("created_at", row.getString(3).replace(' ', 'T') + "Z");
        record.put("used", row.getInt(4) + added);
        record.put("model_version", row.getInt(5));
        record.put("run_id", row.getString(6));
        record.put("task_id", row.getString(7));
        double reward = row.getDouble(8);
        record.put("reward", row.wasNull() ? null : reward);
        record.put("attributes", row.getString(9));
        return record;
    }

    private static void events(Connection connection, List<Event> events, String kind, String now) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(EVENT)) {
            int pending = 0;
            for (Event event : events) {
                insert.setLong(1, event.id());
                insert.setString(2, event.run());
                insert.setInt(3, event.change());
                insert.setString(4, kind);
                insert.setString(5, now);
                insert.setNull(6, Types.VARCHAR);
                insert.setNull(7, Types.VARCHAR);
                insert.setNull(8, Types.VARCHAR);
                insert.addBatch();
                if (++pending == CHUNK) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
    }

    private static void bindValues(PreparedStatement statement, int first, List<Map.Entry<String, Integer>> values) throws SQLException {
        int p = first;
        for (Map.Entry<String, Integer> value : values) {
            statement.setString(p++, value.getKey());
            statement.setInt(p++, value.getValue());
        }
    }

    private static String marks(int count) {
        return String.join(",", Collections.nCopies(count, "?"));
    }

    /** The store's wire form of an instant: UTC {@code yyyy-MM-dd HH:mm:ss.SSSSSS}. */
    static String wire(Instant at) {
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC).toString().replace('T', ' ');
    }

    interface Work {
        int run() throws SQLException;
    }

    /** {@code work} in one transaction on {@code connection}. */
    static int transaction(Connection connection, Work work) {
        try {
            connection.setAutoCommit(false);
            try {
                int done = work.run();
                connection.commit();
                return done;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
