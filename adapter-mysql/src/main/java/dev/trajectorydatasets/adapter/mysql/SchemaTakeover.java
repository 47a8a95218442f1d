package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Finds what a database holds before migrating it, and converts the guide's {@code datasets} table in place into
 * version 1 of this project's schema (the rest is Flyway's): every row, id and count kept; {@code created_at} from
 * TIMESTAMP (UTC inside, shown in the session's zone) to DATETIME(6) holding UTC; NULL {@code used} and
 * {@code model_version} to 0; ids compared byte-exactly (utf8mb4_bin). Rows the conversion would break stop it
 * before anything changes. Each step can run again after a crash: a half-converted table is still recognised.
 */
final class SchemaTakeover {

    static final String HISTORY = "flyway_schema_history";
    static final Set<String> GUIDE_COLUMNS = Set.of("id", "trajectory_id", "created_at", "used", "model_version", "run_id");
    private static final int MAX_LISTED = 50;
    private static final int WALK = 10_000;

    private SchemaTakeover() {
    }

    /** What is there and what migrating would do; changes nothing. */
    static MigrationPlan plan(DataSource dataSource, boolean mysql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return plan(connection, mysql);
        }
    }

    /** {@link #plan(DataSource, boolean)} on a connection the caller holds. */
    static MigrationPlan plan(Connection connection, boolean mysql) throws SQLException {
        Set<String> tables = tables(connection);
        List<String> found = List.copyOf(tables);
        if (tables.isEmpty()) {
            return new MigrationPlan(MigrationPlan.Kind.EMPTY, found, List.of("create this project's schema (versions 1 and up)"), List.of());
        }
        if (mysql && ModuleAdoption.recognises(tables) && (!tables.contains(HISTORY) && ModuleAdoption.TABLES.containsAll(tables)
                || tables.contains(HISTORY) && !ModuleAdoption.finished(connection, tables))) {
            return ModuleAdoption.plan(connection, found, tables.contains(HISTORY));
        }
        if (tables.contains(HISTORY)) {
            return new MigrationPlan(MigrationPlan.Kind.OURS, found, List.of("apply the schema versions not applied yet"), List.of());
        }
        Map<String, String> columns = tables.equals(Set.of("datasets")) ? columns(connection) : Map.of();
        if (!mysql || !columns.keySet().equals(GUIDE_COLUMNS)) {
            return new MigrationPlan(MigrationPlan.Kind.FOREIGN, found, List.of(), List.of("the database holds tables " + tables
                    + " but no " + HISTORY + ", so it is not this project's schema (nor the guide's datasets table alone);"
                    + " nothing was changed: point the store at an empty database (DATASETS_DB_NAME or DATASETS_JDBC_URL)"));
        }
        return new MigrationPlan(MigrationPlan.Kind.GUIDE, found, steps(connection, columns), problems(connection));
    }

    /** Converts the guide's table into version 1; call only for a {@link MigrationPlan.Kind#GUIDE} plan that can proceed. */
    static void convert(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // TIMESTAMP values become DATETIME in the session's zone: UTC, whatever the guide's sessions used.
            statement.execute("SET time_zone = '+00:00'");
            statement.executeUpdate("UPDATE datasets SET used = 0 WHERE used IS NULL");
            statement.executeUpdate("UPDATE datasets SET model_version = 0 WHERE model_version IS NULL");
            List<String> drops = new ArrayList<>();
            for (String index : secondaryIndexes(connection)) {
                drops.add("DROP INDEX `" + index.replace("`", "``") + "`");
            }
            statement.execute("ALTER TABLE datasets"
                    + " MODIFY id BIGINT NOT NULL AUTO_INCREMENT,"
                    + " MODIFY trajectory_id " + DatasetStores.MYSQL_ID + " NOT NULL,"
                    + " MODIFY created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
                    + " MODIFY used INT NOT NULL DEFAULT 0,"
                    + " MODIFY model_version INT NOT NULL DEFAULT 0,"
                    + " MODIFY run_id " + DatasetStores.MYSQL_ID + " NULL DEFAULT NULL"
                    + drops.stream().map(drop -> ", " + drop).reduce("", String::concat)
                    + ", " + DatasetStores.MYSQL_TABLE.replace("ENGINE=InnoDB DEFAULT", "ENGINE=InnoDB, DEFAULT"));
            // The indexes of version 1 (V1__create_datasets.sql).
            statement.execute("ALTER TABLE datasets ADD CONSTRAINT uq_trajectory_id UNIQUE (trajectory_id), ADD INDEX idx_run_id (run_id)");
        }
    }

    private static Set<String> tables(Connection connection) throws SQLException {
        Set<String> tables = new TreeSet<>();
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet rows = meta.getTables(connection.getCatalog(), connection.getSchema(), "%", new String[]{"TABLE", "VIEW"})) {
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return tables;
    }

    /** Column name to type name of {@code datasets}. */
    private static Map<String, String> columns(Connection connection) throws SQLException {
        Map<String, String> columns = new TreeMap<>();
        try (ResultSet rows = connection.getMetaData().getColumns(connection.getCatalog(), connection.getSchema(), "datasets", "%")) {
            while (rows.next()) {
                columns.put(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), rows.getString("TYPE_NAME").toUpperCase(Locale.ROOT));
            }
        }
        return columns;
    }

    private static List<String> secondaryIndexes(Connection connection) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (ResultSet rows = connection.getMetaData().getIndexInfo(connection.getCatalog(), connection.getSchema(), "datasets", false, false)) {
            while (rows.next()) {
                String name = rows.getString("INDEX_NAME");
                if (name != null && !name.equalsIgnoreCase("PRIMARY")) {
                    names.add(name);
                }
            }
        }
        return List.copyOf(names);
    }

    private static List<String> steps(Connection connection, Map<String, String> columns) throws SQLException {
        List<String> steps = new ArrayList<>();
        long rows = count(connection, "SELECT COUNT(*) FROM datasets");
        steps.add("convert the guide's datasets table in place, keeping its " + rows + " rows, their ids and counts:");
        steps.add("set used = 0 where it is NULL (" + count(connection, "SELECT COUNT(*) FROM datasets WHERE used IS NULL") + " rows),"
                + " model_version = 0 where it is NULL (" + count(connection, "SELECT COUNT(*) FROM datasets WHERE model_version IS NULL")
                + " rows); both become NOT NULL DEFAULT 0");
        String createdAt = columns.get("created_at");
        steps.add(createdAt.startsWith("TIMESTAMP")
                ? "created_at: TIMESTAMP (UTC inside, shown in each session's time zone) -> DATETIME(6) holding the same instant in UTC"
                : "created_at: " + createdAt + " (no time zone) -> DATETIME(6), its values taken as UTC");
        steps.add("id -> BIGINT; trajectory_id and run_id -> VARCHAR(255) utf8mb4_bin (compared byte-exactly); the table -> InnoDB,"
                + " utf8mb4_bin");
        steps.add("indexes: drop " + secondaryIndexes(connection) + "; add uq_trajectory_id and idx_run_id (the later versions add the rest)");
        steps.add("record the result as version 1 of this project's schema (Flyway baseline), then apply versions 2 and up");
        return steps;
    }

    /** Rows the conversion would break: ids this project refuses, ids that collide byte-exactly, missing times, negative counts. */
    private static List<String> problems(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        long last = 0;
        while (problems.size() < MAX_LISTED) {
            int seen = 0;
            try (PreparedStatement walk = connection.prepareStatement("SELECT id, trajectory_id, run_id, created_at IS NULL, used, model_version"
                    + " FROM datasets WHERE id > ? ORDER BY id LIMIT " + WALK)) {
                walk.setLong(1, last);
                try (ResultSet rows = walk.executeQuery()) {
                    while (rows.next() && problems.size() < MAX_LISTED) {
                        seen++;
                        last = rows.getLong(1);
                        check(problems, last, "trajectory_id", rows.getString(2), true);
                        check(problems, last, "run_id", rows.getString(3), false);
                        if (rows.getBoolean(4)) {
                            problems.add("id " + last + ": created_at is NULL");
                        }
                        if (rows.getLong(5) < 0 || rows.getLong(6) < 0) {
                            problems.add("id " + last + ": used or model_version is negative");
                        }
                    }
                }
            }
            if (seen < WALK) {
                break;
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT GROUP_CONCAT(id ORDER BY id), COUNT(*) FROM datasets"
                     + " GROUP BY CONVERT(trajectory_id USING utf8mb4) COLLATE utf8mb4_bin HAVING COUNT(*) > 1 LIMIT " + MAX_LISTED)) {
            while (rows.next()) {
                problems.add("ids " + rows.getString(1) + ": their trajectory_ids are the same byte-exactly (utf8mb4_bin ignores"
                        + " trailing spaces), so they cannot all stay unique");
            }
        }
        return problems;
    }

    private static void check(List<String> problems, long id, String column, String value, boolean required) {
        if (value == null) {
            if (required) {
                problems.add("id " + id + ": " + column + " is NULL");
            }
            return;
        }
        try {
            if (column.equals("run_id")) {
                RunId.of(value);
            } else {
                TrajectoryId.of(value);
            }
        } catch (InvalidInputException e) {
            problems.add("id " + id + ": " + column + " '" + value + "' " + e.reason());
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
