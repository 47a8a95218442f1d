package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.NewDataset;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The two statements whose size grows with the input: the multi-row INSERT and the IN-list UPDATE, in plain
 * JDBC on the unit of work's connection. MyBatis would rebuild and re-parse a 1,000-row {@code <foreach>} on every
 * call, which halved bulk throughput (measured by the benchmarks module); everything else stays in the mapper.
 */
final class BulkStatements {

    private static final String INSERT = "INSERT INTO datasets (trajectory_id, created_at, used, model_version, run_id) VALUES ";
    private static final String ROW = "(?,?,?,?,?)";

    private BulkStatements() {
    }

    /** Inserts all rows as one multi-row INSERT and returns their generated ids, in order. */
    static List<Long> insert(Connection connection, List<NewDataset> rows) throws SQLException {
        String sql = INSERT + String.join(",", Collections.nCopies(rows.size(), ROW));
        try (PreparedStatement insert = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            int p = 1;
            for (NewDataset row : rows) {
                insert.setString(p++, row.trajectoryId());
                insert.setString(p++, UtcInstantTypeHandler.toWire(row.createdAt()));
                insert.setInt(p++, row.used());
                insert.setInt(p++, row.modelVersion());
                if (row.runId().isPresent()) {
                    insert.setString(p++, row.runId().get());
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

    /** Sets {@code used} on the listed trajectories; returns how many of them exist. */
    static int setUsed(Connection connection, List<String> trajectoryIds, int used) throws SQLException {
        String sql = "UPDATE datasets SET used = ? WHERE trajectory_id IN (" + String.join(",", Collections.nCopies(trajectoryIds.size(), "?")) + ")";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setInt(1, used);
            for (int i = 0; i < trajectoryIds.size(); i++) {
                update.setString(i + 2, trajectoryIds.get(i));
            }
            return update.executeUpdate();
        }
    }
}
