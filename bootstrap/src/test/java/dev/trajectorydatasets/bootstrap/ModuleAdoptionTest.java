package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.mysql.MariaDbServer;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.bootstrap.CliRun.Result;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.embedded.DatasetManagers;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 35: {@code migrate} adopts a database written by the guide's successor module (dart-gui): its three tables,
 * made here with the DDL its SQLAlchemy models give and rows as it writes them, are copied into this project's schema
 * beside them and read back through the API; the dry run and refusals change nothing; a copy cut short goes on.
 */
class ModuleAdoptionTest {

    private static final String RUN_A = "results/grpo_run_a";
    private static final String RUN_B = "results/run_b";

    /** The module's tables, as its models create them on MariaDB. */
    private static final List<String> MODULE_DDL = List.of(
            "CREATE TABLE checkpoint (id BIGINT NOT NULL AUTO_INCREMENT, name VARCHAR(50) NOT NULL DEFAULT '', version VARCHAR(50) NOT NULL,"
                    + " run_id VARCHAR(191) NOT NULL DEFAULT '', status VARCHAR(20) NOT NULL, path VARCHAR(255) NOT NULL, source VARCHAR(50) NULL,"
                    + " operator VARCHAR(50) NULL, remark VARCHAR(1024) NULL, config_yaml TEXT NULL,"
                    + " created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                    + " updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
                    + " deleted_at TIMESTAMP NULL, started_at TIMESTAMP NULL, finished_at TIMESTAMP NULL, PRIMARY KEY (id),"
                    + " KEY ix_checkpoint_version (version), KEY ix_checkpoint_run_id (run_id), KEY ix_checkpoint_status (status),"
                    + " KEY ix_checkpoint_source (source)) DEFAULT CHARSET=utf8mb4",
            "CREATE TABLE rollout_run (id BIGINT NOT NULL AUTO_INCREMENT, run_id VARCHAR(191) COLLATE utf8mb4_unicode_ci,"
                    + " trajectory_id VARCHAR(191) COLLATE utf8mb4_unicode_ci, task_id VARCHAR(191) COLLATE utf8mb4_unicode_ci,"
                    + " trace_id VARCHAR(191) COLLATE utf8mb4_unicode_ci, split_dir VARCHAR(512) COLLATE utf8mb4_unicode_ci, reward DOUBLE,"
                    + " num_chunks INT, used INT NOT NULL DEFAULT 0, model_version VARCHAR(191) COLLATE utf8mb4_unicode_ci,"
                    + " instruction VARCHAR(1024) COLLATE utf8mb4_unicode_ci, create_at TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,"
                    + " PRIMARY KEY (id), KEY ix_rollout_run_run_id (run_id), KEY ix_rollout_run_used (used)) DEFAULT CHARSET=utf8mb4",
            "CREATE TABLE dataset_usage_events (id BIGINT NOT NULL AUTO_INCREMENT, trajectory_id VARCHAR(191) NOT NULL,"
                    + " run_id VARCHAR(191) NOT NULL, model_version VARCHAR(512), used_delta INT NOT NULL DEFAULT 0,"
                    + " event_type ENUM('INSERT','UPDATE','USE') NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                    + " PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4");

    private static void sql(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET time_zone = '+00:00'");
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Two runs as the module writes them: checkpoints v0.., rollouts stamped by path, its events (and one orphan). */
    private static void moduleDatabase(Connection connection) throws SQLException {
        sql(connection, MODULE_DDL.toArray(String[]::new));
        sql(connection,
                "INSERT INTO checkpoint (version, run_id, status, path, source, created_at) VALUES"
                        + " ('v0', '" + RUN_A + "', 'PENDING', '/ckpt/base', 'initial', '2026-01-01 00:00:00'),"
                        + " ('v1', '" + RUN_A + "', 'PENDING', '/ckpt/s100', 'train', '2026-01-01 01:00:00'),"
                        + " ('v2', '" + RUN_A + "', 'DONE', '/ckpt/s200', 'train', '2026-01-01 02:00:00'),"
                        + " ('v0', '" + RUN_B + "', 'PENDING', '/ckpt/b0', 'initial', '2026-01-01 00:30:00')",
                "INSERT INTO rollout_run (run_id, trajectory_id, task_id, trace_id, split_dir, reward, num_chunks, used, model_version,"
                        + " instruction, create_at) VALUES"
                        + " ('" + RUN_A + "', 't-1', 'task-1', 'tr-1', '/data/a', 1.0, 3, 2, '/ckpt/s100', 'open the menu', '2026-01-02 03:04:05'),"
                        + " ('" + RUN_A + "', 't-2', 'task-1', 'tr-2', '', -0.5, 0, 0, '/ckpt/s200', NULL, '2026-01-02 03:04:06'),"
                        + " ('" + RUN_A + "', 'T-1', NULL, 'tr-3', '', NULL, 0, 1, '/ckpt/base', NULL, '2026-01-02 03:04:07'),"
                        + " ('" + RUN_B + "', 't-4', 'task-9', 'tr-4', '', 0.25, 0, 5, '/ckpt/b0', NULL, '2026-01-02 03:04:08')",
                "INSERT INTO dataset_usage_events (trajectory_id, run_id, model_version, used_delta, event_type, created_at) VALUES"
                        + " ('t-1', '" + RUN_A + "', '/ckpt/s100', 0, 'INSERT', '2026-01-02 03:04:05'),"
                        + " ('t-1', '" + RUN_A + "', '/ckpt/s100', 1, 'USE', '2026-01-02 03:05:00'),"
                        + " ('t-2', '" + RUN_A + "', '/ckpt/s100', 0, 'INSERT', '2026-01-02 03:04:06'),"
                        + " ('t-2', '" + RUN_A + "', '/ckpt/s200', 0, 'UPDATE', '2026-01-02 03:06:00'),"
                        + " ('gone', '" + RUN_A + "', '/ckpt/s100', 1, 'USE', '2026-01-02 03:07:00')");
    }

    private static List<String> history(DatasetManager manager, String trajectory) {
        List<String> events = new ArrayList<>();
        manager.getUsageHistory(TrajectoryId.of(trajectory), KeyPage.first(100)).items().forEach(e -> events.add(e.kind() + " " + e.change()
                + (e.kind().name().equals("BASELINE") ? "" : " " + e.at())));
        return events;
    }

    @Test
    void the_modules_rollouts_checkpoints_and_events_are_adopted_beside_its_tables_and_a_cut_short_copy_goes_on() throws Exception {
        MariaDbServer database = MariaDbServer.required();
        String schema = database.createSchema();
        Map<String, String> env = database.environmentFor(schema);
        try (Connection connection = database.connect(schema)) {
            moduleDatabase(connection);

            Result dry = CliRun.run(env, "migrate", "--dry-run");
            assertEquals(0, dry.status(), dry.err() + dry.out());
            assertTrue(dry.out().contains("(module)") && dry.out().contains("2 runs, 4 rollouts, 4 checkpoints, 5 usage events"), dry.out());
            assertEquals(3, count(connection, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"),
                    "a dry run changes nothing");

            Result migrated = CliRun.run(env, "migrate");
            assertEquals(0, migrated.status(), migrated.err());
            assertTrue(migrated.err().contains("copied 4 checkpoints") && migrated.err().contains("copied 4 rollouts"), migrated.err());
            assertTrue(migrated.out().contains("adopted the dart-gui module's tables"), migrated.out());
            assertEquals(4, count(connection, "SELECT COUNT(*) FROM rollout_run"), "the module's tables are left as they are");

            try (DatasetManager manager = DatasetManagers.mysql(database.settings(schema))) {
                Trajectory first = manager.getDatasetByTrajectoryId("t-1").orElseThrow();
                assertEquals(List.of(Optional.of(RunId.of(RUN_A)), 1, 2, OptionalDouble.of(1.0), Instant.parse("2026-01-02T03:04:05Z")),
                        List.of(first.runId(), first.modelVersion(), first.used(), first.reward(), first.createdAt()));
                assertEquals("{\"trace_id\": \"tr-1\", \"split_dir\": \"/data/a\", \"num_chunks\": 3, \"instruction\": \"open the menu\"}",
                        first.attributes().orElseThrow().json());
                assertEquals(List.of("USE 1 2026-01-02T03:05:00Z", "BASELINE 1"), history(manager, "t-1"),
                        "the module's uses, and a baseline for what they do not explain");
                assertEquals(List.of(2, 0), List.of(manager.getDatasetByTrajectoryId("t-2").orElseThrow().modelVersion(),
                        manager.getDatasetByTrajectoryId("t-2").orElseThrow().used()));
                assertEquals(List.of("REROLL 0 2026-01-02T03:06:00Z"), history(manager, "t-2"));
                Trajectory upper = manager.getDatasetByTrajectoryId("T-1").orElseThrow();
                assertEquals(List.of(0, 1), List.of(upper.modelVersion(), upper.used()), "ids are compared byte-exactly: T-1 is not t-1");
                assertEquals(List.of("BASELINE 5"), history(manager, "t-4"));
                assertEquals(List.of("/ckpt/s200", "/ckpt/s100", "/ckpt/base"), manager.getCheckpoints(RunId.of(RUN_A), KeyPage.first(10))
                        .items().stream().map(c -> c.path()).toList());
                Checkpoint newest = manager.getCheckpoints(RunId.of(RUN_A), KeyPage.first(1)).items().get(0);
                assertEquals(Instant.parse("2026-01-01T02:00:00Z"), newest.createdAt());
                assertTrue(newest.details().orElseThrow().contains("\"status\": \"DONE\"") && newest.details().get().contains("\"source\": \"train\""),
                        "a checkpoint's other fields are kept and served as its details: " + newest.details());
                assertEquals(3, manager.registerCheckpoint(RUN_A, "/ckpt/s300").version(), "the run's next version follows the module's");
                assertEquals(1, manager.getCheckpointVersion(RunId.of(RUN_A), "/ckpt/s100").getAsInt());
                assertEquals(2, manager.getRuns(KeyPage.first(10)).items().size());
            }

            // A copy cut short (here: its last rollout and its end mark undone) goes on where it stopped.
            sql(connection, "DELETE FROM usage_events WHERE dataset_id = (SELECT id FROM datasets WHERE trajectory_id = 't-4')",
                    "DELETE FROM datasets WHERE trajectory_id = 't-4'", "DELETE FROM adoptions");
            Result again = CliRun.run(env, "migrate");
            assertEquals(0, again.status(), again.err());
            assertTrue(again.err().contains("copied 1 rollouts"), again.err());
            try (DatasetManager manager = DatasetManagers.mysql(database.settings(schema))) {
                assertEquals(List.of("BASELINE 5"), history(manager, "t-4"));
                assertEquals(List.of("USE 1 2026-01-02T03:05:00Z", "BASELINE 1"), history(manager, "t-1"), "nothing copied twice");
                assertEquals(4, manager.countDatasets());
            }
            Result done = CliRun.run(env, "migrate");
            assertEquals(0, done.status());
            assertFalse(done.err().contains("copied"), "a finished adoption is not run again: " + done.err());
        } finally {
            database.drop(schema);
        }
    }

    @Test
    void rows_that_cannot_be_adopted_are_named_one_by_one_and_nothing_changes() throws Exception {
        MariaDbServer database = MariaDbServer.required();
        String schema = database.createSchema();
        Map<String, String> env = database.environmentFor(schema);
        try (Connection connection = database.connect(schema)) {
            moduleDatabase(connection);
            sql(connection, "INSERT INTO rollout_run (run_id, trajectory_id, used, model_version) VALUES"
                    + " ('" + RUN_B + "', 't-1', 0, '/ckpt/b0'), ('" + RUN_A + "', 't-5', 0, '/ckpt/nowhere'), (NULL, 't-6', 0, '/ckpt/b0')",
                    "INSERT INTO checkpoint (version, run_id, status, path) VALUES ('final', '" + RUN_B + "', 'PENDING', '/ckpt/final')");

            Result dry = CliRun.run(env, "migrate", "--dry-run");
            assertEquals(Cli.STOPPED, dry.status(), dry.out());
            assertTrue(dry.out().contains("rollout_run ids 1, 5 share the trajectory_id 't-1'"), dry.out());
            assertTrue(dry.out().contains("rollout_run id 6 (trajectory 't-5', run '" + RUN_A + "'): model_version '/ckpt/nowhere' is no"
                    + " checkpoint path of its run"), dry.out());
            assertTrue(dry.out().contains("rollout_run id 7: run_id is missing"), dry.out());
            assertTrue(dry.out().contains("checkpoint id 5 (run '" + RUN_B + "'): version 'final' is not v and a number"), dry.out());
            Result refused = CliRun.run(env, "migrate");
            assertEquals(Cli.STOPPED, refused.status());
            assertTrue(refused.err().contains("cannot be adopted; nothing was changed"), refused.err());
            assertEquals(3, count(connection, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"));
        } finally {
            database.drop(schema);
        }
    }
}
