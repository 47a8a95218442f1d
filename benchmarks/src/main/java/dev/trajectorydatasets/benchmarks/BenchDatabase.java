package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.adapter.mysql.MySqlSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * The MySQL-compatible server the benchmarks use: {@code DATASETS_BENCH_JDBC_URL} (default
 * {@code jdbc:mysql://127.0.0.1:3306/test}), {@code DATASETS_BENCH_USER} (root), {@code DATASETS_BENCH_PASSWORD}
 * (empty). Each benchmark works in schemas of its own and drops them.
 */
final class BenchDatabase {

    static final String SERVER_URL = Optional.ofNullable(System.getenv("DATASETS_BENCH_JDBC_URL")).orElse("jdbc:mysql://127.0.0.1:3306/test");
    static final String USER = Optional.ofNullable(System.getenv("DATASETS_BENCH_USER")).orElse("root");
    static final String PASSWORD = Optional.ofNullable(System.getenv("DATASETS_BENCH_PASSWORD")).orElse("");

    private BenchDatabase() {
    }

    /** The server URL with its database replaced by {@code schema}. */
    static String url(String schema) {
        int pathStart = SERVER_URL.indexOf('/', SERVER_URL.indexOf("//") + 2);
        return (pathStart < 0 ? SERVER_URL : SERVER_URL.substring(0, pathStart)) + "/" + schema;
    }

    /** Store settings on {@code schema}: generous timeouts (a benchmark waits rather than fails). */
    static MySqlSettings settings(String schema, int poolSize) {
        MySqlSettings defaults = MySqlSettings.localDefaults();
        return new MySqlSettings(defaults.host(), defaults.port(), schema, USER, PASSWORD, "utf8mb4", defaults.connectTimeout(),
                Duration.ofMinutes(5), Duration.ofMinutes(5), poolSize, Duration.ofSeconds(30), Optional.of(url(schema)));
    }

    /** A plain connection to {@code schema} with the adapter's driver options: the ceiling uses the same driver. */
    static Connection connect(String schema) throws SQLException {
        Connection connection = DriverManager.getConnection(settings(schema, 1).url(), USER, PASSWORD);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET time_zone = '+00:00'");
        }
        return connection;
    }

    static void createSchema(String schema) throws SQLException {
        execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }

    static void dropSchema(String schema) throws SQLException {
        execute("DROP DATABASE IF EXISTS " + schema);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
