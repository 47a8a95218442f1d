package dev.trajectorydatasets.adapter.mysql.shared;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.lease.LeaseHold;
import dev.trajectorydatasets.domain.lease.LeaseId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The consumer groups' tables (issue 32): {@code consumer_groups} (a run's groups), {@code consumer_group_runs} (the
 * lock that orders declarations after the creates of a run) and {@code consumer_group_uses} (each record's count and
 * hold in each group of its run). Plain JDBC: every statement has a fixed shape but for its IN list, and the rows
 * read are a few columns read by hand (the SQL rule of {@code package-info}).
 */
public final class ConsumerGroupRows {

    /** A record's count and hold in one group. */
    public record Count(long datasetId, int used, Long leaseId, Instant leasedUntil) {
        public LeaseHold hold() {
            return leaseId == null ? null : new LeaseHold(LeaseId.of(leaseId), leasedUntil);
        }
    }

    /** A group of a run, as stored. */
    public record Group(int id, ConsumerGroup group) {
    }

    static final String COUNT = "dataset_id, used, lease_id, leased_until";
    private static final String FREE = " AND (leased_until IS NULL OR leased_until <= ?)";

    private ConsumerGroupRows() {
    }

    // ---- groups ----

    /** The stored id of the run's group; empty when it is not a group of the run. */
    public static OptionalInt find(Connection connection, RunId run, ConsumerGroup group) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM consumer_groups WHERE run_id = ? AND name = ?")) {
            select.setString(1, run.value());
            select.setString(2, group.name());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? OptionalInt.of(rows.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /**
     * The stored id of the run's group, declaring it when it is not one yet: the run's lock is taken exclusively (so
     * creates in the run under way finish first and later ones wait), then the group and a row per record of the run
     * are written.
     */
    public static int declare(Connection connection, Dialect dialect, RunId run, ConsumerGroup group, Instant now) throws SQLException {
        OptionalInt known = find(connection, run, group);
        if (known.isPresent()) {
            return known.getAsInt();
        }
        lockRun(connection, dialect, run, true);
        known = find(connection, run, group);
        if (known.isPresent()) {
            return known.getAsInt();
        }
        int id;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO consumer_groups (run_id, name, created_at) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, run.value());
            insert.setString(2, group.name());
            insert.setString(3, UtcInstantTypeHandler.toWire(now));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getInt(1);
            }
        }
        update(connection, "UPDATE consumer_group_runs SET groups_count = groups_count + 1 WHERE run_id = ?", run);
        try (PreparedStatement rows = connection.prepareStatement("INSERT INTO consumer_group_uses (group_id, dataset_id, used, "
                + "model_version, created_at) SELECT ?, id, 0, model_version, created_at FROM datasets WHERE run_id = ?")) {
            rows.setInt(1, id);
            rows.setString(2, run.value());
            rows.executeUpdate();
        }
        return id;
    }

    /** The run's groups but the default, by name. */
    public static List<Group> ofRun(Connection connection, RunId run) throws SQLException {
        List<Group> groups = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, name FROM consumer_groups WHERE run_id = ? ORDER BY name")) {
            select.setString(1, run.value());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    groups.add(new Group(rows.getInt(1), ConsumerGroup.of(rows.getString(2))));
                }
            }
        }
        return groups;
    }

    /** Every run with consumer groups, by run id. */
    public static List<RunId> runs(Connection connection) throws SQLException {
        List<RunId> runs = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT run_id FROM consumer_groups ORDER BY run_id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                runs.add(RunId.of(rows.getString(1)));
            }
        }
        return runs;
    }

    /** Forgets the group with its rows; returns whether it was one. */
    public static boolean delete(Connection connection, Dialect dialect, RunId run, int groupId) throws SQLException {
        lockRun(connection, dialect, run, true);
        try (PreparedStatement rows = connection.prepareStatement("DELETE FROM consumer_group_uses WHERE group_id = ?")) {
            rows.setInt(1, groupId);
            rows.executeUpdate();
        }
        try (PreparedStatement group = connection.prepareStatement("DELETE FROM consumer_groups WHERE id = ?")) {
            group.setInt(1, groupId);
            if (group.executeUpdate() == 0) {
                return false;
            }
        }
        update(connection, "UPDATE consumer_group_runs SET groups_count = groups_count - 1 WHERE run_id = ?", run);
        return true;
    }

    // ---- a run's records come and go ----

    /**
     * Takes the run's lock shared (made when the run has none) and returns its groups' ids: what adds records to the run
     * or removes them holds it, so a declaration of a group waits for it and then sees those records.
     */
    public static List<Integer> enterRun(Connection connection, Dialect dialect, RunId run) throws SQLException {
        if (lockRun(connection, dialect, run, false) == 0) {
            return List.of();
        }
        return ofRun(connection, run).stream().map(Group::id).toList();
    }

    /** Gives each record (just added to the run) a row, count 0, in each of the groups. */
    public static void addRows(Connection connection, List<Integer> groupIds, List<Long> datasetIds) throws SQLException {
        if (groupIds.isEmpty() || datasetIds.isEmpty()) {
            return;
        }
        for (int groupId : groupIds) {
            BulkStatements.inChunks(datasetIds, chunk -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO consumer_group_uses (group_id, dataset_id, used, "
                        + "model_version, created_at) SELECT ?, id, 0, model_version, created_at FROM datasets WHERE id IN ("
                        + BulkStatements.marks(chunk.size()) + ")")) {
                    insert.setInt(1, groupId);
                    BulkStatements.bindIds(insert, 2, chunk);
                    return insert.executeUpdate();
                }
            });
        }
    }

    /** Removes the records' rows from the groups (the records leave the run, or are deleted). */
    public static void removeRows(Connection connection, List<Integer> groupIds, List<Long> datasetIds) throws SQLException {
        for (int groupId : groupIds) {
            BulkStatements.inChunks(datasetIds, chunk -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM consumer_group_uses WHERE group_id = ? AND dataset_id IN ("
                        + BulkStatements.marks(chunk.size()) + ")")) {
                    delete.setInt(1, groupId);
                    BulkStatements.bindIds(delete, 2, chunk);
                    return delete.executeUpdate();
                }
            });
        }
    }

    /** Sets the model version the groups' rows of a record carry (its record's changed, or it was re-rolled with its counts). */
    public static void follow(Connection connection, List<Integer> groupIds, long datasetId, int modelVersion, boolean resetCounts) throws SQLException {
        for (int groupId : groupIds) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE consumer_group_uses SET model_version = ?"
                    + (resetCounts ? ", used = 0, lease_id = NULL, leased_until = NULL" : "") + " WHERE group_id = ? AND dataset_id = ?")) {
                update.setInt(1, modelVersion);
                update.setInt(2, groupId);
                update.setLong(3, datasetId);
                update.executeUpdate();
            }
        }
    }

    /** Locks the run's row (made when missing) shared or exclusively; returns how many groups the run has. */
    private static int lockRun(Connection connection, Dialect dialect, RunId run, boolean exclusive) throws SQLException {
        String lock = exclusive || !dialect.joinsInUpdate() ? " FOR UPDATE" : " LOCK IN SHARE MODE";
        try (PreparedStatement select = connection.prepareStatement("SELECT groups_count FROM consumer_group_runs WHERE run_id = ?" + lock)) {
            select.setString(1, run.value());
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return rows.getInt(1);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT IGNORE INTO consumer_group_runs (run_id, groups_count) VALUES (?, 0)")) {
                insert.setString(1, run.value());
                insert.executeUpdate();
            }
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static void update(Connection connection, String sql, RunId run) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, run.value());
            update.executeUpdate();
        }
    }

    // ---- counts ----

    /**
     * The first eligible rows of the group in claim order, locked: least used (then free before held, then id), or by
     * id ascending or descending; with {@code skipLocked}, passing rows others hold.
     */
    public static List<Count> lockFirst(Connection connection, int groupId, String order, int ceiling, OptionalInt versionMin, Instant now,
                                        int limit, boolean skipLocked) throws SQLException {
        String index = "LEAST_USED".equals(order) ? "idx_group_uses_claim" : "PRIMARY";
        String orderBy = switch (order) {
            case "LEAST_USED" -> skipLocked ? "used, leased_until, dataset_id" : "group_id, used, leased_until, dataset_id";
            case "NEWEST" -> "dataset_id DESC";
            default -> "dataset_id";
        };
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COUNT + " FROM consumer_group_uses"
                + (skipLocked ? " FORCE INDEX (" + index + ")" : "") + " WHERE group_id = ? AND used < ?" + FREE
                + " AND model_version >= ?"
                + " ORDER BY " + orderBy + " LIMIT " + limit + " FOR UPDATE" + (skipLocked ? " SKIP LOCKED" : ""))) {
            select.setInt(1, groupId);
            select.setInt(2, ceiling);
            select.setString(3, UtcInstantTypeHandler.toWire(now));
            select.setInt(4, versionMin.orElse(Integer.MIN_VALUE));
            return counts(select);
        }
    }

    /** Of the listed rows of the group, those still eligible, locked (passing rows others hold with {@code skipLocked}), by id. */
    public static List<Count> lockEligible(Connection connection, int groupId, List<Long> ids, int ceiling, OptionalInt versionMin,
                                           Instant now, boolean skipLocked) throws SQLException {
        List<Count> locked = new ArrayList<>();
        BulkStatements.inChunks(ids, chunk -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COUNT + " FROM consumer_group_uses WHERE group_id = ?"
                    + " AND dataset_id IN (" + BulkStatements.marks(chunk.size()) + ") AND used < ?" + FREE + " AND model_version >= ?"
                    + " ORDER BY dataset_id FOR UPDATE" + (skipLocked ? " SKIP LOCKED" : ""))) {
                select.setInt(1, groupId);
                BulkStatements.bindIds(select, 2, chunk);
                select.setInt(chunk.size() + 2, ceiling);
                select.setString(chunk.size() + 3, UtcInstantTypeHandler.toWire(now));
                select.setInt(chunk.size() + 4, versionMin.orElse(Integer.MIN_VALUE));
                return locked.addAll(counts(select));
            }
        });
        return locked;
    }

    /** The group's rows of these records as they are (not locked), by record id. */
    public static Map<Long, Count> countsOf(Connection connection, int groupId, List<Long> ids) throws SQLException {
        Map<Long, Count> found = new HashMap<>();
        BulkStatements.inChunks(ids, chunk -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COUNT + " FROM consumer_group_uses WHERE group_id = ?"
                    + " AND dataset_id IN (" + BulkStatements.marks(chunk.size()) + ")")) {
                select.setInt(1, groupId);
                BulkStatements.bindIds(select, 2, chunk);
                counts(select).forEach(count -> found.put(count.datasetId(), count));
                return null;
            }
        });
        return found;
    }

    /** The group's rows of these records, locked in id order (a use, a settlement), by record id. */
    public static Map<Long, Count> lock(Connection connection, int groupId, List<Long> ids) throws SQLException {
        Map<Long, Count> locked = new HashMap<>();
        List<Long> sorted = ids.stream().distinct().sorted().toList();
        BulkStatements.inChunks(sorted, chunk -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COUNT + " FROM consumer_group_uses WHERE group_id = ?"
                    + " AND dataset_id IN (" + BulkStatements.marks(chunk.size()) + ") ORDER BY dataset_id FOR UPDATE")) {
                select.setInt(1, groupId);
                BulkStatements.bindIds(select, 2, chunk);
                counts(select).forEach(count -> locked.put(count.datasetId(), count));
                return null;
            }
        });
        return locked;
    }

    /** Sets each listed row's count (rows the caller holds locked), ending its hold when {@code free}. */
    public static void setUsed(Connection connection, int groupId, Map<Long, Integer> used, boolean free) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE consumer_group_uses SET used = ?"
                + (free ? ", lease_id = NULL, leased_until = NULL" : "") + " WHERE group_id = ? AND dataset_id = ?")) {
            BulkStatements.executeBatched(update, List.copyOf(used.entrySet()), entry -> {
                update.setInt(1, entry.getValue());
                update.setInt(2, groupId);
                update.setLong(3, entry.getKey());
            });
        }
    }

    /** Adds {@code by} to the listed rows' counts (rows the caller holds locked). */
    public static void addToUsed(Connection connection, int groupId, List<Long> ids, int by) throws SQLException {
        BulkStatements.inChunks(ids, chunk -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE consumer_group_uses SET used = used + ? WHERE group_id = ?"
                    + " AND dataset_id IN (" + BulkStatements.marks(chunk.size()) + ")")) {
                update.setInt(1, by);
                update.setInt(2, groupId);
                BulkStatements.bindIds(update, 3, chunk);
                return update.executeUpdate();
            }
        });
    }

    /** Sets the hold of the listed rows (rows the caller holds locked): a lease and its end, or none. */
    public static void hold(Connection connection, int groupId, List<Long> ids, Long leaseId, Instant until) throws SQLException {
        BulkStatements.inChunks(ids, chunk -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE consumer_group_uses SET lease_id = ?, leased_until = ?"
                    + " WHERE group_id = ? AND dataset_id IN (" + BulkStatements.marks(chunk.size()) + ")")) {
                if (leaseId == null) {
                    update.setNull(1, Types.BIGINT);
                    update.setNull(2, Types.VARCHAR);
                } else {
                    update.setLong(1, leaseId);
                    update.setString(2, UtcInstantTypeHandler.toWire(until));
                }
                update.setInt(3, groupId);
                BulkStatements.bindIds(update, 4, chunk);
                return update.executeUpdate();
            }
        });
    }

    /** The records with these ids as they are (not locked), in the order of the ids; missing ones left out. */
    public static List<TrajectoryRow> records(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, TrajectoryRow> byId = new HashMap<>();
        BulkStatements.inChunks(ids, chunk -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + Columns.RECORD + " FROM datasets WHERE id IN ("
                    + BulkStatements.marks(chunk.size()) + ")")) {
                BulkStatements.bindIds(select, 1, chunk);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        TrajectoryRow row = new TrajectoryRow();
                        BulkStatements.readRecord(result, row);
                        byId.put(row.getId(), row);
                    }
                }
                return null;
            }
        });
        List<TrajectoryRow> rows = new ArrayList<>(byId.size());
        ids.forEach(id -> Optional.ofNullable(byId.get(id)).ifPresent(rows::add));
        return rows;
    }

    // ---- summaries ----

    /** Rows, sum, max and min of the group's counts, and how many are above 0. */
    public static long[] totals(Connection connection, int groupId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*), COALESCE(SUM(used), 0), COALESCE(MAX(used), 0),"
                + " COALESCE(MIN(used), 0), COALESCE(SUM(CASE WHEN used > 0 THEN 1 ELSE 0 END), 0) FROM consumer_group_uses WHERE group_id = ?")) {
            select.setInt(1, groupId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new long[]{rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5)};
            }
        }
    }

    /** The group's rows per count above {@code after}, lowest first, at most {@code limit} counts. */
    public static List<long[]> histogram(Connection connection, int groupId, int after, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT used, COUNT(*) FROM consumer_group_uses WHERE group_id = ?"
                + " AND used > ? GROUP BY used ORDER BY used LIMIT " + limit)) {
            select.setInt(1, groupId);
            select.setInt(2, after);
            List<long[]> counts = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.add(new long[]{rows.getInt(1), rows.getLong(2)});
                }
            }
            return counts;
        }
    }

    private static List<Count> counts(PreparedStatement select) throws SQLException {
        List<Count> counts = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long datasetId = rows.getLong(1);
                int used = rows.getInt(2);
                long leaseId = rows.getLong(3);
                Long lease = rows.wasNull() ? null : leaseId;
                counts.add(new Count(datasetId, used, lease, UtcInstantTypeHandler.read(rows, 4)));
            }
        }
        return counts;
    }
}
