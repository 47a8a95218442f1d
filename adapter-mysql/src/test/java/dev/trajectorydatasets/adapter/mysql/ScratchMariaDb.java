package dev.trajectorydatasets.adapter.mysql;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A MariaDB server of a test's own (own data folder, port and socket), so the test may kill it, restart it or
 * freeze it. Needs {@code mariadbd} and {@code mariadb-install-db} on the machine: skipped without them, except
 * in CI, where their absence fails the test.
 */
public final class ScratchMariaDb implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALLER = Path.of("/usr/bin/mariadb-install-db");

    private final Path home;
    private final int port;
    private Process process;

    private ScratchMariaDb(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** Installs a fresh data folder and starts the server on a free port; database {@code datasets} exists. */
    public static ScratchMariaDb start() {
        if (!Files.isExecutable(SERVER) || !Files.isExecutable(INSTALLER)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI needs " + SERVER + " and " + INSTALLER + " to test database crashes");
            }
            Assumptions.abort("no local MariaDB binaries: skipping the database crash tests");
        }
        try {
            Path home = Files.createTempDirectory("scratch-mariadb");
            LocalProcesses.run(List.of(INSTALLER.toString(), "--no-defaults", "--datadir=" + home.resolve("data"), "--user=root",
                    "--auth-root-authentication-method=normal", "--skip-test-db"), home.resolve("install.log"));
            ScratchMariaDb db = new ScratchMariaDb(home, LocalProcesses.freePort());
            db.launch();
            try (Connection connection = DriverManager.getConnection(db.serverUrl(), "root", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE datasets CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            }
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("scratch MariaDB did not take a connection", e);
        }
    }

    /** The JDBC URL of its {@code datasets} database (user root, no password). */
    public String url() {
        return "jdbc:mysql://127.0.0.1:" + port + "/datasets";
    }

    public int port() {
        return port;
    }

    /** Settings for a store on it, failing fast: half a second to wait for a connection. */
    public MySqlSettings settings() {
        MySqlSettings defaults = MySqlSettings.localDefaults();
        return new MySqlSettings("127.0.0.1", port, "datasets", "root", "", "utf8mb4", Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 4, Duration.ofMillis(500), Optional.of(url()));
    }

    /** The environment that points the server's main at it. */
    public Map<String, String> environment() {
        return Map.of("DATASETS_JDBC_URL", url(), "DATASETS_DB_POOL_TIMEOUT", "0.5", "DATASETS_DB_CONNECT_TIMEOUT", "1",
                "DATASETS_DB_READ_TIMEOUT", "5", "DATASETS_DB_WRITE_TIMEOUT", "5");
    }

    /** SIGKILL, as a crash: no shutdown, nothing flushed but what the server already made durable. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same data folder and port; returns once it takes connections. */
    public void restart() {
        launch();
    }

    /** SIGSTOP: the server keeps its connections but answers nothing. */
    public void freeze() {
        signal("STOP");
    }

    /** SIGCONT. */
    public void thaw() {
        signal("CONT");
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            signal("CONT");
            kill();
        }
        LocalProcesses.deleteTree(home);
    }

    private void launch() {
        try {
            process = new ProcessBuilder(SERVER.toString(), "--no-defaults", "--datadir=" + home.resolve("data"),
                    "--port=" + port, "--socket=" + home.resolve("sock"), "--bind-address=127.0.0.1", "--user=root",
                    "--skip-log-bin", "--innodb-buffer-pool-size=64M", "--pid-file=" + home.resolve("pid"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection ignored = DriverManager.getConnection(serverUrl(), "root", "")) {
                return;
            } catch (SQLException notYet) {
                LocalProcesses.sleep(100);
            }
        }
        throw new IllegalStateException("scratch MariaDB did not start within 30 s; see " + home.resolve("server.log"));
    }

    private String serverUrl() {
        return "jdbc:mysql://127.0.0.1:" + port + "/?connectTimeout=1000";
    }

    private void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


}
