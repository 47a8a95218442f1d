package dev.trajectorydatasets.adapter.mysql.shared;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.lease.LeaseHold;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A run's consumer groups (issue 32) in {@code consumer_groups}, and the lock in {@code consumer_group_runs} that orders
 * a declaration after the creates of the run: what adds records to a run or takes them out holds the run's row shared,
 * a declaration holds it exclusively, so a group declared while records arrive counts every one of them (its rows are
 * written by the declaration or by the create, never by neither). Plain JDBC, as {@link ConsumerGroupRows}.
 */
public final class ConsumerGroupRuns {

    /** A group of a run, as stored. */
    public record Group(int id, ConsumerGroup group) {
    }

    private ConsumerGroupRuns() {
    }

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

    /**
     * Gives each record (just added to the run) a row, count 0, in each of the groups: one {@code INSERT ... SELECT} per
     * 1,000 records for all the groups (ConsumerGroupBenchmark: faster than the same rows sent as values).
     */
    public static void addRows(Connection connection, List<Integer> groupIds, List<Trajectory> records) throws SQLException {
        if (groupIds.isEmpty() || records.isEmpty()) {
            return;
        }
        BulkStatements.inChunks(records.stream().map(Trajectory::id).toList(), chunk -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO consumer_group_uses (group_id, dataset_id, used, "
                    + "model_version, created_at) SELECT g.id, d.id, 0, d.model_version, d.created_at FROM consumer_groups g, datasets d"
                    + " WHERE g.id IN (" + BulkStatements.marks(groupIds.size()) + ") AND d.id IN (" + BulkStatements.marks(chunk.size()) + ")")) {
                for (int i = 0; i < groupIds.size(); i++) {
                    insert.setInt(i + 1, groupIds.get(i));
                }
                BulkStatements.bindIds(insert, groupIds.size() + 1, chunk);
                return insert.executeUpdate();
            }
        });
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
}
