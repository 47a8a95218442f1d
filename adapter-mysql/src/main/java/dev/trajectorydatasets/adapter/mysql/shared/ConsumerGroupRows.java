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
 * Each record's count and hold in each consumer group of its run (issue 32): {@code consumer_group_uses}, whose rows
 * {@link ConsumerGroupRuns} writes as records and groups come and go. Plain JDBC: every statement has a fixed shape but for its IN list, and the rows
 * read are a few columns read by hand (the SQL rule of {@code package-info}).
 */
public final class ConsumerGroupRows {

    /** A record's count and hold in one group. */
    public record Count(long datasetId, int used, Long leaseId, Instant leasedUntil) {
        public LeaseHold hold() {
            return leaseId == null ? null : new LeaseHold(LeaseId.of(leaseId), leasedUntil);
        }
    }

    static final String COUNT = "dataset_id, used, lease_id, leased_until";
    private static final String FREE = " AND " + Columns.notHeld("");

    private ConsumerGroupRows() {
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
                BulkStatements.bindHold(update, leaseId, until);
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
