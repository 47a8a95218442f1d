package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Taking over the guide's database on MariaDB: its table made with the guide's DDL and filled by sessions in
 * another time zone, converted by {@code migrate} with every row, id and count kept; rows that would break stop it
 * with nothing changed; another application's tables are refused in one line.
 */
class GuideTakeoverTest {

    /** The guide's table as its SQLAlchemy model creates it on MySQL (README "Schema" of the guide). */
    static final String GUIDE_DDL = "CREATE TABLE datasets ("
            + " id INTEGER NOT NULL AUTO_INCREMENT,"
            + " trajectory_id VARCHAR(255) NOT NULL,"
            + " created_at TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,"
            + " used INTEGER DEFAULT 0,"
            + " model_version INTEGER DEFAULT 0,"
            + " run_id VARCHAR(255),"
            + " PRIMARY KEY (id),"
            + " UNIQUE (trajectory_id)"
            + ") DEFAULT CHARSET=utf8mb4";

    private MariaDbServer server;
    private String schema;

    @BeforeEach
    void guideDatabase() throws SQLException {
        server = MariaDbServer.required();
        schema = server.createSchema();
        guideTable(server, schema, "");
    }

    @AfterEach
    void drop() {
        if (schema != null) {
            server.drop(schema);
        }
    }

    static void guideTable(MariaDbServer server, String schema, String collation) throws SQLException {
        try (Connection connection = server.connect(schema); Statement statement = connection.createStatement()) {
            statement.execute(GUIDE_DDL + collation);
            statement.execute("CREATE INDEX idx_run_id ON datasets(run_id)");
        }
    }

    private record Row(long id, String trajectoryId, Instant createdAt, int used, int modelVersion, String runId) {
    }

    @Test
    void every_row_id_and_count_survives_the_conversion() throws SQLException {
        Random random = new Random(19);
        try (Connection connection = server.connect(schema); Statement statement = connection.createStatement()) {
            // The guide's sessions ran in Shanghai: TIMESTAMP values are typed in that zone, kept in UTC inside.
            statement.execute("SET time_zone = '+08:00'");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO datasets (trajectory_id, created_at, used, model_version, run_id) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 3_000; i++) {
                    insert.setString(1, "traj_" + i + (i % 7 == 0 ? "_Ünïcödé_🚀" : ""));
                    insert.setString(2, "2026-0" + (1 + i % 9) + "-1" + (i % 10) + " " + (10 + i % 14) + ":" + (10 + i % 50) + ":0" + (i % 10));
                    if (i % 5 == 0) {
                        insert.setNull(3, java.sql.Types.INTEGER);
                    } else {
                        insert.setInt(3, random.nextInt(6));
                    }
                    if (i % 3 == 0) {
                        insert.setNull(4, java.sql.Types.INTEGER);
                    } else {
                        insert.setInt(4, random.nextInt(4));
                    }
                    if (i % 11 == 0) {
                        insert.setNull(5, java.sql.Types.VARCHAR);
                    } else {
                        insert.setString(5, "run_" + i % 4);
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            statement.execute("DELETE FROM datasets WHERE id % 97 = 0"); // ids with gaps, as a real table has
        }
        List<Row> before = guideRows();

        try (MyBatisDatasetStore store = DatasetStores.mysql(server.settings(schema))) {
            assertEquals(MigrationPlan.Kind.GUIDE, store.migrationPlan().kind());
            assertTrue(store.migrationPlan().canProceed(), store.migrationPlan().report());
            store.migrate();
            assertEquals(MigrationPlan.Kind.OURS, store.migrationPlan().kind());

            List<Trajectory> after = new ArrayList<>();
            PageRequest page = PageRequest.first(1_000);
            while (true) {
                List<Trajectory> records = store.trajectories().find(TrajectoryFilter.all(), page);
                after.addAll(records);
                if (records.size() < 1_000) {
                    break;
                }
                page = PageRequest.after(records.get(records.size() - 1).id(), 1_000);
            }
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                Row old = before.get(i);
                Trajectory now = after.get(i);
                assertEquals(old.id(), now.id());
                assertEquals(old.trajectoryId(), now.trajectoryId().value());
                assertEquals(old.createdAt(), now.createdAt(), "created_at of id " + old.id());
                assertEquals(old.used(), now.used());
                assertEquals(old.modelVersion(), now.modelVersion());
                assertEquals(old.runId(), now.runId().map(Object::toString).orElse(null));
            }
            // Running it again (another server starting) changes nothing.
            store.migrate();
        }
    }

    /** The rows as the guide's table holds them, read in UTC, NULL counts as the guide reads them (0). */
    private List<Row> guideRows() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = server.connect(schema); Statement statement = connection.createStatement()) {
            statement.execute("SET time_zone = '+00:00'");
            try (ResultSet result = statement.executeQuery("SELECT id, trajectory_id, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'),"
                    + " COALESCE(used, 0), COALESCE(model_version, 0), run_id FROM datasets ORDER BY id")) {
                while (result.next()) {
                    rows.add(new Row(result.getLong(1), result.getString(2), Instant.parse(result.getString(3)), result.getInt(4),
                            result.getInt(5), result.getString(6)));
                }
            }
        }
        assertTrue(rows.size() > 2_900);
        return rows;
    }

    @Test
    void rows_that_would_break_stop_it_and_nothing_changes() throws SQLException {
        server.drop(schema);
        schema = server.createSchema();
        // NO PAD: 'dup' and 'dup ' are two ids here, one under utf8mb4_bin.
        guideTable(server, schema, " COLLATE utf8mb4_nopad_bin");
        try (Connection connection = server.connect(schema); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO datasets (trajectory_id, run_id) VALUES ('fine', 'r'), ('dup', 'r'), ('dup ', 'r'),"
                    + " (' padded', 'r'), ('ok', ' run')");
        }
        try (MyBatisDatasetStore store = DatasetStores.mysql(server.settings(schema))) {
            MigrationPlan plan = store.migrationPlan();
            assertFalse(plan.canProceed());
            SchemaRefusedException refused = assertThrows(SchemaRefusedException.class, store::migrate);
            String report = refused.getMessage();
            assertTrue(report.contains("ids 2,3"), report);
            assertTrue(report.contains("trajectory_id ' padded' must not start or end with white space"), report);
            assertTrue(report.contains("run_id ' run'"), report);
            assertFalse(report.contains("'fine'"), report);
        }
        try (Connection connection = server.connect(schema); Statement statement = connection.createStatement();
             ResultSet column = statement.executeQuery("SELECT DATA_TYPE, (SELECT COUNT(*) FROM datasets),"
                     + " (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE())"
                     + " FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'datasets' AND column_name = 'id'")) {
            assertTrue(column.next());
            assertEquals("int", column.getString(1), "the table was changed");
            assertEquals(5, column.getInt(2));
            assertEquals(1, column.getInt(3), "a table was added");
        }
    }

    @Test
    void another_applications_tables_are_refused_in_one_line() throws SQLException {
        try (Connection connection = server.connect(schema); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id INT PRIMARY KEY)");
        }
        try (MyBatisDatasetStore store = DatasetStores.mysql(server.settings(schema))) {
            SchemaRefusedException refused = assertThrows(SchemaRefusedException.class, store::migrate);
            assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
            assertTrue(refused.getMessage().contains("[datasets, orders]"), refused.getMessage());
            assertEquals(MigrationPlan.Kind.FOREIGN, refused.plan().kind());
        }
    }
}
