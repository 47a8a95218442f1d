package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** The ceilings: what plain JDBC on one held connection does for the same work. No adapter can beat these. */
final class PlainJdbc {

    static final int BATCH = 10_000;
    static final int CHUNK = 1_000;

    private PlainJdbc() {
    }

    static int insert(Connection connection, List<CreateDatasetCommand> commands) {
        try {
            connection.setAutoCommit(false);
            Timestamp now = Timestamp.from(Instant.now());
            for (int batch = 0; batch < commands.size(); batch += BATCH) {
                for (int from = batch; from < Math.min(commands.size(), batch + BATCH); from += CHUNK) {
                    String values = String.join(",", java.util.Collections.nCopies(CHUNK, "(?,?,?,?,?,?)"));
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO datasets (trajectory_id, created_at, used, model_version, run_id, claim_key) VALUES " + values,
                            Statement.RETURN_GENERATED_KEYS)) {
                        int p = 1;
                        for (CreateDatasetCommand command : commands.subList(from, from + CHUNK)) {
                            insert.setString(p++, command.trajectoryId().value());
                            insert.setTimestamp(p++, now);
                            insert.setInt(p++, command.used());
                            insert.setInt(p++, command.modelVersion());
                            insert.setString(p++, command.runId().orElseThrow().value());
                            insert.setInt(p++, java.util.concurrent.ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
                        }
                        insert.executeUpdate();
                        try (ResultSet keys = insert.getGeneratedKeys()) {
                            while (keys.next()) {
                                keys.getLong(1);
                            }
                        }
                    }
                }
                connection.commit();
            }
            connection.setAutoCommit(true);
            return commands.size();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static int lookups(Connection connection, List<String> ids) {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, trajectory_id, created_at, used, model_version, run_id FROM datasets WHERE trajectory_id = ?")) {
            for (String id : ids) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("missing " + id);
                    }
                    row.getLong(1);
                    row.getString(2);
                    row.getObject(3, java.time.LocalDateTime.class);
                    row.getInt(4);
                    row.getInt(5);
                    row.getString(6);
                }
            }
            return ids.size();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static int update(Connection connection, List<String> ids, int used) {
        try {
            connection.setAutoCommit(false);
            int matched = 0;
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement update = connection.prepareStatement("UPDATE datasets SET used = ? WHERE trajectory_id IN (" + marks + ")")) {
                    update.setInt(1, used);
                    for (int i = 0; i < chunk.size(); i++) {
                        update.setString(i + 2, chunk.get(i));
                    }
                    matched += update.executeUpdate();
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            return matched;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
