package dev.trajectorydatasets.adapter.mysql.shared;

import dev.trajectorydatasets.domain.TrajectoryId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The records' hot reads in plain JDBC: a lookup by trajectory id and the rows a batch of uses locks. Fixed-shape
 * statements (the text built once, or once per list length, so the driver's statement cache keeps them), rows read
 * by the one hand-written reader ({@link BulkStatements#readRecord}). Through the mapper, a lookup's OGNL binding
 * and reflective row mapping cost as much again as the statement on the server.
 */
public final class RecordReads {

    /** A record's columns, in the order {@link #rows} reads them. */
    public static final String COLUMNS = Columns.RECORD;

    private static final String BY_TRAJECTORY_ID = "SELECT " + Columns.RECORD + " FROM datasets WHERE trajectory_id = ?";
    private static final String EXISTING = "SELECT trajectory_id FROM datasets WHERE trajectory_id IN (";

    private RecordReads() {
    }

    /** The record of {@code trajectoryId}, or null. */
    public static TrajectoryRow byTrajectoryId(Connection connection, TrajectoryId trajectoryId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(BY_TRAJECTORY_ID)) {
            select.setString(1, trajectoryId.value());
            try (ResultSet result = select.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                TrajectoryRow row = new TrajectoryRow();
                BulkStatements.readRecord(result, row);
                return row;
            }
        }
    }

    /** The records of these trajectory ids (at most {@link BulkStatements#CHUNK}), locked, read in trajectory-id order: every batch of uses locks rows in the same order. */
    public static List<TrajectoryRow> lockByTrajectoryIds(Connection connection, Collection<TrajectoryId> trajectoryIds) throws SQLException {
        return read(connection, "SELECT " + Columns.RECORD + " FROM datasets WHERE trajectory_id IN (" + BulkStatements.marks(trajectoryIds.size())
                + ") ORDER BY trajectory_id FOR UPDATE", trajectoryIds);
    }

    /** The records of these trajectory ids (at most {@link BulkStatements#CHUNK}), not locked. */
    public static List<TrajectoryRow> byTrajectoryIds(Connection connection, Collection<TrajectoryId> trajectoryIds) throws SQLException {
        return read(connection, "SELECT " + Columns.RECORD + " FROM datasets WHERE trajectory_id IN (" + BulkStatements.marks(trajectoryIds.size())
                + ")", trajectoryIds);
    }

    /** Which of these trajectory ids (at most {@link BulkStatements#CHUNK}) are stored. */
    public static List<String> existing(Connection connection, Collection<TrajectoryId> trajectoryIds) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(EXISTING + BulkStatements.marks(trajectoryIds.size()) + ")")) {
            bind(select, trajectoryIds);
            List<String> stored = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    stored.add(result.getString(1));
                }
            }
            return stored;
        }
    }

    private static List<TrajectoryRow> read(Connection connection, String sql, Collection<TrajectoryId> trajectoryIds) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, trajectoryIds);
            return rows(select);
        }
    }

    /** Runs {@code select} (its parameters bound; it selects {@link #COLUMNS} first) and reads every row. */
    public static List<TrajectoryRow> rows(PreparedStatement select) throws SQLException {
        List<TrajectoryRow> rows = new ArrayList<>();
        try (ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.add(record(result));
            }
        }
        return rows;
    }

    /** The record on {@code result}'s current row (selecting {@link #COLUMNS} first). */
    public static TrajectoryRow record(ResultSet result) throws SQLException {
        TrajectoryRow row = new TrajectoryRow();
        BulkStatements.readRecord(result, row);
        return row;
    }

    private static void bind(PreparedStatement select, Collection<TrajectoryId> trajectoryIds) throws SQLException {
        int p = 1;
        for (TrajectoryId id : trajectoryIds) {
            select.setString(p++, id.value());
        }
    }
}
