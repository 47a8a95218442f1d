package dev.trajectorydatasets.adapter.mysql.shared;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The statements whose size grows with the input (multi-row INSERT, IN-list UPDATEs), in plain JDBC on the unit
 * of work's connection, in chunks of {@link #CHUNK}: MyBatis would rebuild and re-parse a large {@code <foreach>}
 * on every call. Everything else stays in the mapper.
 */
public final class BulkStatements {

    /** Rows per multi-row INSERT or IN list: large enough to amortise round trips, far below packet limits. */
    static final int CHUNK = 1_000;

    private static final String INSERT = "INSERT INTO datasets (" + Columns.INSERTED + ") VALUES ";
    private static final String ROW = "(?,?,?,?,?,?,?,?,?)";

    private BulkStatements() {
    }

    /** Work on one chunk of a list. */
    public interface ChunkWork<T, R> {
        R apply(List<T> chunk) throws SQLException;
    }

    /** Runs {@code work} on consecutive chunks of {@code items}, in order, and returns each chunk's result. */
    public static <T, R> List<R> inChunks(List<T> items, ChunkWork<T, R> work) throws SQLException {
        List<R> results = new ArrayList<>(items.size() / CHUNK + 1);
        for (int from = 0; from < items.size(); from += CHUNK) {
            results.add(work.apply(items.subList(from, Math.min(items.size(), from + CHUNK))));
        }
        return results;
    }

    /** Inserts all rows as multi-row INSERTs and returns their generated ids, in order. */
    public static List<Long> insert(Connection connection, List<NewTrajectory> rows) throws SQLException {
        List<Long> ids = new ArrayList<>(rows.size());
        for (List<Long> chunk : inChunks(rows, chunk -> insertChunk(connection, chunk))) {
            ids.addAll(chunk);
        }
        return ids;
    }

    private static List<Long> insertChunk(Connection connection, List<NewTrajectory> rows) throws SQLException {
        String sql = INSERT + String.join(",", Collections.nCopies(rows.size(), ROW));
        try (PreparedStatement insert = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            int p = 1;
            for (NewTrajectory row : rows) {
                insert.setString(p++, row.trajectoryId().value());
                insert.setString(p++, UtcInstantTypeHandler.toWire(row.createdAt()));
                insert.setInt(p++, row.used());
                insert.setInt(p++, row.modelVersion());
                if (row.runId().isPresent()) {
                    insert.setString(p++, row.runId().get().value());
                } else {
                    insert.setNull(p++, Types.VARCHAR);
                }
                insert.setInt(p++, ClaimKeys.next());
                if (row.taskId().isPresent()) {
                    insert.setString(p++, row.taskId().get().value());
                } else {
                    insert.setNull(p++, Types.VARCHAR);
                }
                if (row.reward().isPresent()) {
                    insert.setDouble(p++, row.reward().getAsDouble());
                } else {
                    insert.setNull(p++, Types.DOUBLE);
                }
                if (row.attributes().isPresent()) {
                    insert.setString(p++, row.attributes().get().json());
                } else {
                    insert.setNull(p++, Types.VARCHAR);
                }
            }
            insert.executeUpdate();
            List<Long> ids = new ArrayList<>(rows.size());
            try (ResultSet keys = insert.getGeneratedKeys()) {
                while (keys.next()) {
                    ids.add(keys.getLong(1));
                }
            }
            if (ids.size() != rows.size()) {
                throw new SQLException("expected " + rows.size() + " generated ids, got " + ids.size());
            }
            return ids;
        }
    }

    /**
     * Appends one usage event per record whose change is not 0, each with its own change: one batched INSERT of
     * values (multi-row on MySQL/MariaDB with {@code rewriteBatchedStatements}). Values, not {@code INSERT ...
     * SELECT}: InnoDB knows how many rows a multi-row VALUES insert adds, so it takes the table's auto-increment
     * lock only for an instant, where an INSERT ... SELECT holds it to the statement's end and every concurrent
     * claim's events queue behind it.
     */
    public static void insertEvents(Connection connection, List<Trajectory> after, List<Integer> changes, UsageKind kind, Instant at,
                                 UsageOrigin origin) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
            String occurred = UtcInstantTypeHandler.toWire(at);
            Optional<String> key = origin.idempotencyKey().map(IdempotencyKey::value);
            List<Integer> rows = new ArrayList<>(after.size());
            for (int i = 0; i < after.size(); i++) {
                if (changes.get(i) != 0) {
                    rows.add(i);
                }
            }
            executeBatched(insert, rows, i -> {
                Trajectory record = after.get(i);
                insert.setLong(1, record.id());
                text(insert, 2, record.runId().map(RunId::value));
                insert.setInt(3, changes.get(i));
                insert.setString(4, kind.name());
                insert.setString(5, occurred);
                text(insert, 6, key);
                text(insert, 7, origin.consumer());
                text(insert, 8, groupColumn(origin));
            });
        }
    }

    static final String INSERT_EVENT = "INSERT INTO usage_events (dataset_id, run_id, change_by, kind, occurred_at, "
            + "idempotency_key, consumer, consumer_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    /** The consumer_group column of a usage event or lease: NULL for the default group. */
    public static Optional<String> groupColumn(UsageOrigin origin) {
        return groupColumn(origin.group());
    }

    /** The events' group column, as {@link #groupColumn} writes it (and the history keeps it). */
    public static Optional<String> groupColumn(ConsumerGroup group) {
        return group.isDefault() ? Optional.empty() : Optional.of(group.name());
    }

    /** Binds one item's parameters. */
    interface Binding<T> {
        void bind(T item) throws SQLException;
    }

    /** Adds each item to {@code statement}'s batch and executes it every {@link #CHUNK} items and at the end. */
    static <T> void executeBatched(PreparedStatement statement, List<T> items, Binding<T> binding) throws SQLException {
        int pending = 0;
        for (T item : items) {
            binding.bind(item);
            statement.addBatch();
            if (++pending == CHUNK) {
                statement.executeBatch();
                pending = 0;
            }
        }
        if (pending > 0) {
            statement.executeBatch();
        }
    }

    static void text(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    /**
     * Sets {@code used} of each listed trajectory to its value, with one usage event per record whose count changes,
     * on MySQL and MariaDB: per 1,000 ids three statements, the values joined as a derived table, no row read back.
     * The first locks the rows in trajectory-id order (as every batch does), the second writes the events
     * ({@code INSERT ... SELECT}), the third the values ({@code UPDATE ... JOIN}). Returns how many of the
     * trajectories exist (the driver reports rows matched, not only rows changed).
     */
    public static int setUsedJoined(Connection connection, List<Map.Entry<TrajectoryId, Integer>> sorted, UsageKind kind, Instant at,
                             UsageOrigin origin) throws SQLException {
        int found = 0;
        for (int matched : inChunks(sorted, chunk -> {
            String values = "SELECT ? AS t, ? AS u" + " UNION ALL SELECT ?, ?".repeat(chunk.size() - 1);
            // Locked first, on their own: an INSERT ... SELECT holds the table's auto-increment lock while it
            // waits for row locks, so it would make every other writer of events wait behind a claim's rows.
            try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM datasets WHERE trajectory_id IN ("
                    + marks(chunk.size()) + ") ORDER BY trajectory_id FOR UPDATE")) {
                for (int i = 0; i < chunk.size(); i++) {
                    lock.setString(i + 1, chunk.get(i).getKey().value());
                }
                lock.executeQuery().close();
            }
            try (PreparedStatement events = connection.prepareStatement("INSERT INTO usage_events (dataset_id, run_id, change_by, kind, "
                    + "occurred_at, idempotency_key, consumer, consumer_group) SELECT d.id, d.run_id, v.u - d.used, ?, ?, ?, ?, NULL FROM (" + values
                    + ") v JOIN datasets d ON d.trajectory_id = v.t WHERE d.used <> v.u")) {
                events.setString(1, kind.name());
                events.setString(2, UtcInstantTypeHandler.toWire(at));
                text(events, 3, origin.idempotencyKey().map(IdempotencyKey::value));
                text(events, 4, origin.consumer());
                bindValues(events, 5, chunk);
                events.executeUpdate();
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE datasets d JOIN (" + values
                    + ") v ON d.trajectory_id = v.t SET d.used = v.u")) {
                bindValues(update, 1, chunk);
                return update.executeUpdate();
            }
        })) {
            found += matched;
        }
        return found;
    }

    private static void bindValues(PreparedStatement statement, int first, List<Map.Entry<TrajectoryId, Integer>> values) throws SQLException {
        int p = first;
        for (Map.Entry<TrajectoryId, Integer> value : values) {
            statement.setString(p++, value.getKey().value());
            statement.setInt(p++, value.getValue());
        }
    }

    /** Sets each record's {@code used} to its value in {@code after}, by primary key (rows the caller holds locked): one batch. */
    public static void setUsedEach(Connection connection, List<Trajectory> after) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE datasets SET used = ? WHERE id = ?")) {
            executeBatched(update, after, record -> {
                update.setInt(1, record.used());
                update.setLong(2, record.id());
            });
        }
    }

    /** Adds {@code by} to {@code used} of the rows with these primary keys (rows the caller holds locked). */
    public static void addToUsed(Connection connection, List<Long> ids, int by) throws SQLException {
        inChunks(ids, chunk -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE datasets SET used = used + ? WHERE id IN (" + marks(chunk.size()) + ")")) {
                update.setInt(1, by);
                bindIds(update, 2, chunk);
                return update.executeUpdate();
            }
        });
    }

    /** Sets the hold of the rows with these primary keys (rows the caller holds locked): a lease and its end, or none. */
    public static void hold(Connection connection, List<Long> ids, Long leaseId, Instant until) throws SQLException {
        inChunks(ids, chunk -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE datasets SET lease_id = ?, leased_until = ? WHERE id IN ("
                    + marks(chunk.size()) + ")")) {
                bindHold(update, leaseId, until);
                bindIds(update, 3, chunk);
                return update.executeUpdate();
            }
        });
    }

    /** Binds a hold's {@code lease_id, leased_until} as the first two parameters: a lease and its end, or NULLs for none. */
    static void bindHold(PreparedStatement update, Long leaseId, Instant until) throws SQLException {
        if (leaseId == null) {
            update.setNull(1, Types.BIGINT);
            update.setNull(2, Types.VARCHAR);
        } else {
            update.setLong(1, leaseId);
            update.setString(2, UtcInstantTypeHandler.toWire(until));
        }
    }

    /** Counts one use of each listed row and ends its hold (an acknowledgement; rows the caller holds locked). */
    public static void countAndFree(Connection connection, List<Long> ids) throws SQLException {
        inChunks(ids, chunk -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE datasets SET used = used + 1, lease_id = NULL, "
                    + "leased_until = NULL WHERE id IN (" + marks(chunk.size()) + ")")) {
                bindIds(update, 1, chunk);
                return update.executeUpdate();
            }
        });
    }

    /**
     * The rows with these primary keys, locked ({@code FOR UPDATE}) in id order, each with its hold: a lease's held
     * rows as it is settled. Plain JDBC: through the mapper, the IN list's parse and the reflective row mapping were
     * most of a settlement's time in the JVM.
     */
    public static List<HeldRow> lockHeldRows(Connection connection, List<Long> ids) throws SQLException {
        List<HeldRow> rows = new ArrayList<>(ids.size());
        inChunks(ids, chunk -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + Columns.RECORD
                    + ", lease_id, leased_until FROM datasets WHERE id IN (" + marks(chunk.size())
                    + ") ORDER BY id FOR UPDATE")) {
                bindIds(select, 1, chunk);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.add(heldRow(result));
                    }
                }
            }
            return null;
        });
        return rows;
    }

    private static HeldRow heldRow(ResultSet result) throws SQLException {
        HeldRow row = new HeldRow();
        readRecord(result, row);
        long leaseId = result.getLong(10);
        row.leaseId = result.wasNull() ? null : leaseId;
        row.leasedUntil = UtcInstantTypeHandler.read(result, 11);
        return row;
    }

    /** The columns of {@link Columns#RECORD}, first in the result, into {@code row}: the one hand-written row reader. */
    static void readRecord(ResultSet result, TrajectoryRow row) throws SQLException {
        row.setId(result.getLong(1));
        row.setTrajectoryId(TrajectoryId.of(result.getString(2)));
        row.setCreatedAt(UtcInstantTypeHandler.read(result, 3));
        row.setUsed(result.getInt(4));
        row.setModelVersion(result.getInt(5));
        row.setRunId(Optional.ofNullable(result.getString(6)).map(RunId::of));
        row.setTaskId(Optional.ofNullable(result.getString(7)).map(TaskId::of).orElse(null));
        double reward = result.getDouble(8);
        row.setReward(result.wasNull() ? null : reward);
        row.setAttributes(result.getString(9));
    }

    /** Rows per statement of {@link #eachOfRun}. */
    static final int RUN_PAGE = 5_000;

    /**
     * Feeds the run's records to {@code each} in id order, read in keyed pages of {@link #RUN_PAGE} (short
     * statements on the run-and-id index, no locks). Plain JDBC: through the mapper, the reflective row mapping made
     * a fold over 100,000 rows about 7 times as slow as reading them (RunQueryBenchmark: 836 ms against 123 ms).
     */
    public static void eachOfRun(Connection connection, RunId run, Consumer<Trajectory> each) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + Columns.RECORD
                + " FROM datasets WHERE run_id = ? AND id > ? ORDER BY id LIMIT " + RUN_PAGE)) {
            long after = 0;
            while (true) {
                select.setString(1, run.value());
                select.setLong(2, after);
                int read = 0;
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        TrajectoryRow row = new TrajectoryRow();
                        readRecord(result, row);
                        each.accept(TrajectoryRowMapper.INSTANCE.toTrajectory(row));
                        after = row.getId();
                        read++;
                    }
                }
                if (read < RUN_PAGE) {
                    return;
                }
            }
        }
    }

    static void bindIds(PreparedStatement statement, int first, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            statement.setLong(first + i, ids.get(i));
        }
    }

    /** {@code count} placeholders, comma-separated, for an IN list. */
    public static String marks(int count) {
        return String.join(",", Collections.nCopies(count, "?"));
    }
}
