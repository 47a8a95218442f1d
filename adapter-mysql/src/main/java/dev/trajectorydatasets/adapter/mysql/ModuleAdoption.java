package dev.trajectorydatasets.adapter.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Adopts a database written by the guide's successor module (Computer-use-agents/dart-gui,
 * {@code verl/utils/database/mysql.py}: tables {@code rollout_run}, {@code checkpoint}, {@code dataset_usage_events}):
 * this project's schema is created beside them and their rows are copied into it, the module's tables left as they
 * are. Rollouts become trajectories (the checkpoint path in {@code model_version} becomes the version of the run's
 * checkpoint saved there, {@code vN} -> N; {@code trace_id}, {@code split_dir}, {@code num_chunks} and
 * {@code instruction} go into {@code attributes}); checkpoints keep version, path and time (their other fields go into
 * {@code details}); events that change {@code used} (or record a re-roll) become the usage history, and a
 * {@code BASELINE} event makes each trajectory's history add up to its {@code used}. Rows that cannot be adopted stop
 * it before anything changes (each named); the copy goes 10,000 rollouts a transaction and can run again after a
 * crash (what is copied is not copied twice), and it ends by writing its row in {@code adoptions}.
 */
final class ModuleAdoption {

    static final Set<String> TABLES = Set.of("rollout_run", "checkpoint", "dataset_usage_events");
    static final String SOURCE = "dart-gui";
    private static final int BATCH = 10_000;
    private static final int MAX_LISTED = 50;
    /** Ids compared byte-exactly, as this project compares them (the module's columns are case-insensitive). */
    private static final String BIN = " COLLATE utf8mb4_bin";
    /** The version number of a {@code checkpoint.version} of the form {@code vN}. */
    private static final String VERSION = "CAST(SUBSTRING(c.version, 2) AS UNSIGNED)";
    private static final String VALID_VERSION = "c.version REGEXP '^v[0-9]{1,9}$'";

    private ModuleAdoption() {
    }

    /** Whether {@code tables} hold the module's three tables. */
    static boolean recognises(Set<String> tables) {
        return tables.containsAll(TABLES);
    }

    /** Whether the copy into this project's schema has finished (its row is in {@code adoptions}). */
    static boolean finished(Connection connection, Set<String> tables) throws SQLException {
        if (!tables.contains("adoptions")) {
            return false;
        }
        return count(connection, "SELECT COUNT(*) FROM adoptions WHERE source = '" + SOURCE + "'") > 0;
    }

    static MigrationPlan plan(Connection connection, List<String> found, boolean schemaThere) throws SQLException {
        long rollouts = count(connection, "SELECT COUNT(*) FROM rollout_run");
        long runs = count(connection, "SELECT COUNT(DISTINCT run_id" + BIN + ") FROM rollout_run");
        long checkpoints = count(connection, "SELECT COUNT(*) FROM checkpoint");
        long events = count(connection, "SELECT COUNT(*) FROM dataset_usage_events");
        List<String> steps = new ArrayList<>();
        steps.add("adopt the tables of the guide's successor module (rollout_run, checkpoint, dataset_usage_events), leaving them"
                + " as they are: " + runs + " runs, " + rollouts + " rollouts, " + checkpoints + " checkpoints, " + events + " usage events");
        steps.add(schemaThere ? "go on copying into this project's schema (a copy was started before)"
                : "create this project's schema (versions 1 and up) beside them");
        steps.add("copy the checkpoints (vN -> version N, path, created_at; name, status, source, operator, remark, config_yaml"
                + " and the other times into details)");
        steps.add("copy the rollouts as trajectories, " + BATCH + " a transaction (model_version = the version of the run's"
                + " checkpoint at that path; trace_id, split_dir, num_chunks, instruction into attributes; create_at kept)");
        steps.add("copy the events that change used or record a re-roll as usage history (INSERT -> create, UPDATE -> reroll,"
                + " USE -> use), and a baseline event where they do not add up to a rollout's used");
        steps.add("the module's tables can be dropped once you no longer need to go back:"
                + " DROP TABLE rollout_run, checkpoint, dataset_usage_events");
        return new MigrationPlan(MigrationPlan.Kind.MODULE, found, steps, problems(connection));
    }

    /**
     * Each run's checkpoint paths and the version each names (the newest, when several were saved at one path), keyed
     * byte-exactly: a session-private table, so the lookups of a million rollouts are index lookups.
     */
    private static void paths(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TEMPORARY TABLE IF EXISTS adoption_paths");
            statement.execute("CREATE TEMPORARY TABLE adoption_paths (run_id VARBINARY(764) NOT NULL, path VARBINARY(1020) NOT NULL,"
                    + " version INT NOT NULL, PRIMARY KEY (run_id, path)) ENGINE=InnoDB");
            statement.execute("INSERT INTO adoption_paths SELECT CAST(c.run_id AS BINARY), CAST(c.path AS BINARY), MAX(" + VERSION + ")"
                    + " FROM checkpoint c WHERE " + VALID_VERSION + " GROUP BY CAST(c.run_id AS BINARY), CAST(c.path AS BINARY)");
        }
    }

    /** Every row that cannot be adopted, at most {@link #MAX_LISTED} of each kind, with the count of the rest. */
    private static List<String> problems(Connection connection) throws SQLException {
        paths(connection);
        List<String> problems = new ArrayList<>();
        list(connection, problems, "SELECT 0, CONCAT('rollout_run ids ', GROUP_CONCAT(id ORDER BY id SEPARATOR ', '), ' share the"
                + " trajectory_id ', QUOTE(MIN(trajectory_id)), ' (a trajectory id names one trajectory here)') FROM rollout_run"
                + " WHERE trajectory_id IS NOT NULL GROUP BY CAST(trajectory_id AS BINARY) HAVING COUNT(*) > 1 ORDER BY MIN(id)");
        list(connection, problems, "SELECT r.id, CONCAT('rollout_run id ', r.id, ': ', CASE WHEN r.trajectory_id IS NULL"
                + " OR TRIM(r.trajectory_id) = '' THEN 'trajectory_id is missing' WHEN r.run_id IS NULL OR TRIM(r.run_id) = ''"
                + " THEN 'run_id is missing (a rollout belongs to a run)' ELSE 'an id holds control characters' END)"
                + " FROM rollout_run r WHERE r.trajectory_id IS NULL OR TRIM(r.trajectory_id) = '' OR r.run_id IS NULL"
                + " OR TRIM(r.run_id) = '' OR r.trajectory_id REGEXP '[[:cntrl:]]' OR r.run_id REGEXP '[[:cntrl:]]'"
                + " OR r.task_id REGEXP '[[:cntrl:]]' ORDER BY r.id");
        list(connection, problems, "SELECT r.id, CONCAT('rollout_run id ', r.id, ' (trajectory ', QUOTE(r.trajectory_id), ', run ',"
                + " QUOTE(r.run_id), '): model_version ', QUOTE(r.model_version), ' is no checkpoint path of its run')"
                + " FROM rollout_run r LEFT JOIN adoption_paths p ON p.run_id = CAST(r.run_id AS BINARY)"
                + " AND p.path = CAST(r.model_version AS BINARY) WHERE r.run_id IS NOT NULL AND p.version IS NULL ORDER BY r.id");
        list(connection, problems, "SELECT c.id, CONCAT('checkpoint id ', c.id, ' (run ', QUOTE(c.run_id), '): version ',"
                + " QUOTE(c.version), ' is not v and a number') FROM checkpoint c WHERE NOT " + VALID_VERSION + " ORDER BY c.id");
        list(connection, problems, "SELECT 0, CONCAT('checkpoint ids ', GROUP_CONCAT(c.id ORDER BY c.id SEPARATOR ', '), ' of run ',"
                + " QUOTE(MIN(c.run_id)), ' share the version ', MIN(c.version)) FROM checkpoint c WHERE " + VALID_VERSION
                + " GROUP BY CAST(c.run_id AS BINARY), " + VERSION + " HAVING COUNT(*) > 1 ORDER BY MIN(c.id)");
        list(connection, problems, "SELECT c.id, CONCAT('checkpoint id ', c.id, ': run_id or path is missing') FROM checkpoint c"
                + " WHERE TRIM(c.run_id) = '' OR TRIM(c.path) = '' ORDER BY c.id");
        return problems;
    }

    /** The events that change {@code used} or record a re-roll, keyed by trajectory id byte-exactly (session-private). */
    private static void events(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TEMPORARY TABLE IF EXISTS adoption_events");
            statement.execute("CREATE TEMPORARY TABLE adoption_events (id BIGINT NOT NULL, trajectory_id VARBINARY(764) NOT NULL,"
                    + " run_id VARBINARY(764) NOT NULL, used_delta INT NOT NULL, kind VARCHAR(16) NOT NULL, created_at DATETIME(6) NOT NULL,"
                    + " PRIMARY KEY (trajectory_id, id)) ENGINE=InnoDB");
            statement.execute("INSERT INTO adoption_events SELECT e.id, CAST(e.trajectory_id AS BINARY), CAST(e.run_id AS BINARY),"
                    + " e.used_delta, CASE e.event_type WHEN 'INSERT' THEN 'CREATE' WHEN 'UPDATE' THEN 'REROLL' ELSE 'USE' END, e.created_at"
                    + " FROM dataset_usage_events e WHERE e.used_delta <> 0 OR e.event_type = 'UPDATE'");
        }
    }

    /** Copies everything not copied yet, then marks the adoption finished; {@code progress} hears each step. */
    static void copy(Connection connection, Consumer<String> progress) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // TIMESTAMP values are read in the session's zone: UTC, as this project stores times.
            statement.execute("SET time_zone = '+00:00'");
            paths(connection);
            events(connection);
            connection.commit();
            int checkpoints = statement.executeUpdate("INSERT INTO checkpoints (run_id, version, path, created_at, details)"
                    + " SELECT c.run_id, " + VERSION + ", c.path, c.created_at, JSON_OBJECT('name', c.name, 'status', c.status,"
                    + " 'source', c.source, 'operator', c.operator, 'remark', c.remark, 'config_yaml', c.config_yaml,"
                    + " 'updated_at', c.updated_at, 'deleted_at', c.deleted_at, 'started_at', c.started_at, 'finished_at', c.finished_at)"
                    + " FROM checkpoint c WHERE " + VALID_VERSION + " AND NOT EXISTS (SELECT 1 FROM checkpoints k WHERE k.run_id = c.run_id"
                    + BIN + " AND k.version = " + VERSION + ") ORDER BY c.id");
            connection.commit();
            progress.accept("copied " + checkpoints + " checkpoints");
            long last = 0;
            long copied = 0;
            long highest = count(connection, "SELECT COALESCE(MAX(id), 0) FROM rollout_run");
            while (last < highest) {
                long to = Math.min(highest, last + BATCH);
                copied += copyRollouts(connection, last, to);
                connection.commit();
                last = to;
                progress.accept("copied " + copied + " rollouts (rollout_run ids up to " + last + " of " + highest + ")");
            }
            statement.executeUpdate("INSERT INTO adoptions (source, finished_at) VALUES ('" + SOURCE + "', UTC_TIMESTAMP(6))");
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The rollouts with ids in {@code (from, to]} not copied yet, their events and baselines; how many were copied. */
    private static int copyRollouts(Connection connection, long from, long to) throws SQLException {
        long before = count(connection, "SELECT COALESCE(MAX(id), 0) FROM datasets");
        int copied;
        try (PreparedStatement rollouts = connection.prepareStatement("INSERT INTO datasets (trajectory_id, created_at, used,"
                + " model_version, run_id, claim_key, task_id, reward, attributes)"
                + " SELECT r.trajectory_id, COALESCE(r.create_at, UTC_TIMESTAMP(6)), COALESCE(r.used, 0),"
                + " p.version, r.run_id, FLOOR(RAND() * 2147483647), r.task_id, r.reward,"
                + " JSON_OBJECT('trace_id', r.trace_id, 'split_dir', r.split_dir, 'num_chunks', r.num_chunks, 'instruction', r.instruction)"
                + " FROM rollout_run r JOIN adoption_paths p ON p.run_id = CAST(r.run_id AS BINARY) AND p.path = CAST(r.model_version AS BINARY)"
                + " WHERE r.id > ? AND r.id <= ? AND NOT EXISTS (SELECT 1 FROM datasets d"
                + " WHERE d.trajectory_id = r.trajectory_id" + BIN + ") ORDER BY r.id")) {
            rollouts.setLong(1, from);
            rollouts.setLong(2, to);
            copied = rollouts.executeUpdate();
        }
        if (copied == 0) {
            return 0;
        }
        try (PreparedStatement events = connection.prepareStatement("INSERT INTO usage_events (dataset_id, run_id, change_by, kind,"
                + " occurred_at) SELECT d.id, d.run_id, e.used_delta, e.kind, e.created_at FROM datasets d JOIN adoption_events e"
                + " ON e.trajectory_id = CAST(d.trajectory_id AS BINARY) AND e.run_id = CAST(d.run_id AS BINARY) WHERE d.id > ?"
                + " ORDER BY d.id, e.created_at, e.id")) {
            events.setLong(1, before);
            events.executeUpdate();
        }
        try (PreparedStatement baselines = connection.prepareStatement("INSERT INTO usage_events (dataset_id, run_id, change_by, kind,"
                + " occurred_at) SELECT d.id, d.run_id, d.used - COALESCE((SELECT SUM(u.change_by) FROM usage_events u"
                + " WHERE u.dataset_id = d.id), 0), 'BASELINE', UTC_TIMESTAMP(6) FROM datasets d WHERE d.id > ?"
                + " AND d.used <> COALESCE((SELECT SUM(u.change_by) FROM usage_events u WHERE u.dataset_id = d.id), 0) ORDER BY d.id")) {
            baselines.setLong(1, before);
            baselines.executeUpdate();
        }
        return copied;
    }

    private static void list(Connection connection, List<String> problems, String sql) throws SQLException {
        int listed = 0;
        int more = 0;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                if (listed < MAX_LISTED) {
                    problems.add(rows.getString(2));
                    listed++;
                } else {
                    more++;
                }
            }
        }
        if (more > 0) {
            problems.add("... and " + more + " more like the one above");
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
