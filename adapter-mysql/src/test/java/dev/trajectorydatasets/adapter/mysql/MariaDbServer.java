package dev.trajectorydatasets.adapter.mysql;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The MySQL-compatible server named by {@code DATASETS_TEST_JDBC_URL} (for example
 * {@code jdbc:mysql://127.0.0.1:3306/test}), with {@code DATASETS_TEST_DB_USER} (default root) and
 * {@code DATASETS_TEST_DB_PASSWORD} (default empty). Without the variable the suite is skipped, except in CI
 * ({@code CI=true}), where it fails: CI must never pass by not testing the real database.
 */
public final class MariaDbServer {

    public static final String URL_VARIABLE = "DATASETS_TEST_JDBC_URL";

    private final String serverUrl;
    private final String user;
    private final String password;

    private MariaDbServer(String serverUrl, String user, String password) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
    }

    /** A server at {@code serverUrl}, reached as {@code user} (who may create databases). */
    public static MariaDbServer at(String serverUrl, String user, String password) {
        return new MariaDbServer(serverUrl, user, password);
    }

    /** The configured server, reachable; or the test is skipped (outside CI) or failed (in CI). */
    public static MariaDbServer required() {
        String url = System.getenv(URL_VARIABLE);
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (url == null || url.isBlank()) {
            if (ci) {
                fail(URL_VARIABLE + " is not set: CI must run the MySQL suite");
            }
            Assumptions.abort(URL_VARIABLE + " is not set: skipping the MySQL/MariaDB suite");
        }
        MariaDbServer server = new MariaDbServer(url,
                Optional.ofNullable(System.getenv("DATASETS_TEST_DB_USER")).orElse("root"),
                Optional.ofNullable(System.getenv("DATASETS_TEST_DB_PASSWORD")).orElse(""));
        try (Connection ignored = server.connect()) {
            return server;
        } catch (SQLException e) {
            return fail("the database at " + URL_VARIABLE + " is unreachable (" + e.getSQLState() + "): " + e.getMessage());
        }
    }

    /** A new, empty schema of this test's own; dropped by {@link #drop(String)}. */
    public String createSchema() {
        String schema = "datasets_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return schema;
    }

    public void drop(String schema) {
        execute("DROP DATABASE IF EXISTS " + schema);
    }

    /** Settings for a store on {@code schema}. */
    public MySqlSettings settings(String schema) {
        MySqlSettings defaults = MySqlSettings.localDefaults();
        return new MySqlSettings(defaults.host(), defaults.port(), schema, user, password, "utf8mb4",
                defaults.connectTimeout(), defaults.readTimeout(), defaults.writeTimeout(),
                16, java.time.Duration.ofSeconds(10), Optional.of(urlFor(schema)));
    }

    /** The environment that points the server's main at {@code schema}. */
    public java.util.Map<String, String> environmentFor(String schema) {
        return java.util.Map.of("DATASETS_JDBC_URL", urlFor(schema), "DATASETS_DB_USER", user, "DATASETS_DB_PASSWORD", password);
    }

    /** The server URL with its database replaced by {@code schema}. */
    public String urlFor(String schema) {
        int hostStart = serverUrl.indexOf("//") + 2;
        int pathStart = serverUrl.indexOf('/', hostStart);
        int query = serverUrl.indexOf('?');
        String hostPart = serverUrl.substring(0, pathStart < 0 ? (query < 0 ? serverUrl.length() : query) : pathStart);
        String params = query < 0 ? "" : serverUrl.substring(query);
        return hostPart + "/" + schema + params;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(serverUrl, user, password);
    }

    public Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(urlFor(schema), user, password);
    }

    private void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "'", e);
        }
    }
}
