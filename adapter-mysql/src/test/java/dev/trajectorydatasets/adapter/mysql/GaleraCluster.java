package dev.trajectorydatasets.adapter.mysql;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A MariaDB Galera cluster of a test's own: three nodes on loopback, each its own {@code mariadbd} process with
 * its own data folder and ports, so a test may SIGKILL one and bring it back (by IST, after {@code --wsrep-recover}).
 * The first node is installed and bootstraps the cluster; the others join one at a time and take its state by
 * rsync. Database {@code datasets} exists on all. Needs {@code mariadbd}, {@code mariadb-install-db} and the
 * Galera provider: skipped without them, except in CI ({@code CI=true}), where their absence, or a cluster that
 * does not form, fails the test.
 */
public final class GaleraCluster implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALLER = Path.of("/usr/bin/mariadb-install-db");
    private static final Path PROVIDER = Path.of("/usr/lib/galera/libgalera_smm.so");
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(90);
    /**
     * The user the servers run as: as root, {@code mysql} (the rsync state transfer does not work for a server
     * running as root), and the cluster's folders are handed to it; otherwise the user running the tests.
     */
    private static final String USER = "root".equals(System.getProperty("user.name")) ? "mysql" : System.getProperty("user.name");
    private static final Pattern RECOVERED = Pattern.compile("Recovered position: ([0-9a-f-]+:-?[0-9]+)");

    private final Path home;
    private final Node[] nodes;

    /** One node: its ports (client, group communication, IST, SST) and its process. */
    private static final class Node {
        final int number;
        final int port;
        final int gcomm;
        final int ist;
        final int sst;
        Process process;

        Node(int number, int port, int gcomm, int ist, int sst) {
            this.number = number;
            this.port = port;
            this.gcomm = gcomm;
            this.ist = ist;
            this.sst = sst;
        }
    }

    private GaleraCluster(Path home, Node[] nodes) {
        this.home = home;
        this.nodes = nodes;
    }

    /** Starts a cluster of {@code size} nodes and returns once every node is Synced in a cluster of that size. */
    public static GaleraCluster start(int size) {
        if (!Files.isExecutable(SERVER) || !Files.isExecutable(INSTALLER) || !Files.isReadable(PROVIDER)) {
            String why = "a Galera cluster needs " + SERVER + ", " + INSTALLER + " and " + PROVIDER + " (galera-4)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + ": CI must run the cluster tests");
            }
            Assumptions.abort(why);
        }
        GaleraCluster cluster = null;
        try {
            Path home = Files.createTempDirectory("galera");
            Node[] nodes = new Node[size];
            List<Integer> ports = LocalProcesses.freePorts(4 * size);
            for (int i = 0; i < size; i++) {
                nodes[i] = new Node(i + 1, ports.get(4 * i), ports.get(4 * i + 1), ports.get(4 * i + 2), ports.get(4 * i + 3));
                Files.createDirectories(home.resolve("n" + (i + 1)));
            }
            handToTheServerUser(home);
            cluster = new GaleraCluster(home, nodes);
            LocalProcesses.run(List.of(INSTALLER.toString(), "--no-defaults", "--datadir=" + cluster.dataDir(nodes[0]), "--user=" + USER,
                    "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"), home.resolve("install.log"));
            cluster.launch(nodes[0], List.of("--wsrep-new-cluster"));
            cluster.awaitSynced(nodes[0], 1);
            for (int i = 1; i < size; i++) {
                cluster.launch(nodes[i], List.of());
                cluster.awaitSynced(nodes[i], i + 1);
            }
            try (Connection connection = cluster.connect(nodes[0]); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE datasets CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            }
            return cluster;
        } catch (IOException | SQLException | RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            throw new IllegalStateException("the Galera cluster did not form: " + e.getMessage(), e);
        }
    }

    private static GaleraCluster shared;

    /**
     * One cluster of three for the whole test run (started on first use, stopped when the JVM exits), handed out
     * only once it is whole again ({@link #awaitHealthy}): a test that killed a node, or a load that made the nodes
     * lose sight of each other for a while, does not leave the next test a cluster still healing.
     */
    public static synchronized GaleraCluster shared() {
        if (shared == null) {
            shared = start(3);
            GaleraCluster started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "galera-stop"));
        }
        shared.awaitHealthy();
        return shared;
    }

    /**
     * For a test class on {@link #shared()}: a test (or set-up) that fails carries, as a suppressed exception, what
     * each node of the cluster said at that moment ({@link #describe}), so a failure in CI tells whether the cluster
     * was whole.
     */
    public static final class DescribeOnFailure implements org.junit.jupiter.api.extension.TestExecutionExceptionHandler,
            org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler {

        @Override
        public void handleTestExecutionException(org.junit.jupiter.api.extension.ExtensionContext context, Throwable failure) throws Throwable {
            throw described(failure);
        }

        @Override
        public void handleBeforeAllMethodExecutionException(org.junit.jupiter.api.extension.ExtensionContext context, Throwable failure)
                throws Throwable {
            throw described(failure);
        }

        @Override
        public void handleBeforeEachMethodExecutionException(org.junit.jupiter.api.extension.ExtensionContext context, Throwable failure)
                throws Throwable {
            throw described(failure);
        }

        private static Throwable described(Throwable failure) {
            GaleraCluster cluster;
            synchronized (GaleraCluster.class) {
                cluster = shared;
            }
            if (cluster != null) {
                failure.addSuppressed(new IllegalStateException("the Galera cluster when this failed:" + cluster.describe()));
            }
            return failure;
        }
    }

    /** A new empty database (created through node 1, so on every node), for one store, once the cluster is whole. */
    public String createSchema() {
        awaitHealthy();
        String schema = "datasets_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        // Patient timeouts: a DDL statement waits for the whole cluster (total order isolation), on a busy machine.
        try (Connection connection = connect(nodes[0], 10_000, 60_000); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a database on the cluster (" + e.getMessage() + "); " + describe(), e);
        }
        return schema;
    }

    /**
     * Returns once every node has applied all that was committed anywhere before (a read with {@code wsrep_sync_wait=1}
     * on each): a node answers a client as soon as it has applied a change itself, so a store on another node may not
     * see a table just created (error 1146) until it has.
     */
    public void awaitApplied(String schema) {
        for (Node node : nodes) {
            try (Connection connection = connect(node, 10_000, 60_000); Statement statement = connection.createStatement()) {
                statement.execute("SET SESSION wsrep_sync_wait = 1");
                statement.execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + schema + "'");
            } catch (SQLException e) {
                throw new IllegalStateException("a node did not catch up (" + e.getMessage() + "); " + describe(), e);
            }
        }
    }

    /**
     * Waits (up to {@link #SYNC_TIMEOUT}) until every node runs, is ready, Synced and in one Primary component of all
     * the nodes; otherwise fails with what each node says ({@link #describe}).
     */
    public void awaitHealthy() {
        long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
        while (!healthy()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Galera cluster is not whole after " + SYNC_TIMEOUT.toSeconds() + " s: " + describe());
            }
            LocalProcesses.sleep(200);
        }
    }

    private boolean healthy() {
        for (Node node : nodes) {
            Map<String, String> status = statuses(node);
            if (node.process == null || !node.process.isAlive() || !"ON".equals(status.get("wsrep_ready"))
                    || !"Primary".equals(status.get("wsrep_cluster_status")) || !"Synced".equals(status.get("wsrep_local_state_comment"))
                    || !String.valueOf(nodes.length).equals(status.get("wsrep_cluster_size"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * What each node says now, for a failure's message: running or not, its Galera state, the component it is in, its
     * connections, and the last warnings and errors of its log (where evictions, state transfers and crashes show).
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (Node node : nodes) {
            Map<String, String> status = statuses(node);
            text.append("\n  node ").append(node.number).append(node.process != null && node.process.isAlive() ? " running" : " NOT RUNNING")
                    .append(": ready=").append(status.get("wsrep_ready")).append(" state=").append(status.get("wsrep_local_state_comment"))
                    .append(" component=").append(status.get("wsrep_cluster_status")).append(" size=").append(status.get("wsrep_cluster_size"))
                    .append(" configurations=").append(status.get("wsrep_cluster_conf_id"))
                    .append(" connections=").append(status.get("Threads_connected"));
            // Galera's warnings (suspected or evicted peers, non-Primary views, state transfers) and every error.
            for (String line : lastLines(home.resolve("n" + node.number + ".err"), "[Warning] WSREP: ", "[ERROR]", 8)) {
                if (line.contains("Could not open state file")) {
                    continue;
                }
                text.append("\n    ").append(line.length() > 240 ? line.substring(0, 240) + "..." : line);
            }
        }
        return text.toString();
    }

    public int size() {
        return nodes.length;
    }

    /** The JDBC URL of database {@code schema} on node {@code n} (1-based; user root, no password). */
    public String url(int n, String schema) {
        return "jdbc:mysql://127.0.0.1:" + node(n).port + "/" + schema;
    }

    /** The JDBC URL of node {@code n}'s {@code datasets} database. */
    public String url(int n) {
        return url(n, "datasets");
    }

    /**
     * Settings for a store on database {@code schema} of node {@code n}: 16 connections, up to 10 s to wait for one,
     * 10 s to connect and 30 s for an answer (a cluster on a busy 2-core machine may take more than a second to accept
     * and stall commits for seconds; tests that want a dead node to fail fast set their own).
     */
    public MySqlSettings settings(int n, String schema) {
        return new MySqlSettings("127.0.0.1", node(n).port, schema, "root", "", "utf8mb4", Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(30), 16, Duration.ofSeconds(10), Optional.of(url(n, schema)));
    }

    /** The environment that points the server's main at node {@code n}. */
    public Map<String, String> environment(int n) {
        return Map.of("DATASETS_JDBC_URL", url(n), "DATASETS_DB_POOL_TIMEOUT", "0.5", "DATASETS_DB_CONNECT_TIMEOUT", "1",
                "DATASETS_DB_READ_TIMEOUT", "10", "DATASETS_DB_WRITE_TIMEOUT", "10");
    }

    /** SIGKILL node {@code n}, as a crash. */
    public void kill(int n) {
        Node node = node(n);
        node.process.destroyForcibly();
        try {
            node.process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Brings a killed node back: recovers its last committed position ({@code --wsrep-recover}) so it rejoins by
     * incremental state transfer, starts it, and returns once it is Synced in a full cluster.
     */
    public void restart(int n) {
        Node node = node(n);
        List<String> extra = new ArrayList<>();
        try {
            Path log = home.resolve("n" + n + "-recover.log");
            List<String> recover = new ArrayList<>(arguments(node));
            recover.addAll(List.of("--wsrep-recover", "--skip-networking", "--log-error=" + log,
                    "--socket=" + home.resolve("n" + n + "-recover.sock"), "--pid-file=" + home.resolve("n" + n + "-recover.pid")));
            LocalProcesses.run(recover, home.resolve("n" + n + "-recover.out"));
            Matcher position = RECOVERED.matcher(Files.readString(log));
            String last = null;
            while (position.find()) {
                last = position.group(1);
            }
            if (last != null) {
                extra.add("--wsrep-start-position=" + last);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch(node, extra);
        awaitSynced(node, nodes.length);
    }

    /** {@code wsrep_cluster_size} as node {@code n} sees it. */
    public int clusterSize(int n) {
        return Integer.parseInt(status(node(n), "wsrep_cluster_size").orElse("0"));
    }

    /** A status variable of node {@code n} ({@code wsrep_local_cert_failures}, say). */
    public long statusNumber(int n, String variable) {
        return Long.parseLong(status(node(n), variable).orElse("0"));
    }

    /**
     * Write conflicts the cluster has met so far, each rolled back and retried by the store: certification
     * failures and brute-force aborts, summed over every node.
     */
    public long conflicts() {
        long total = 0;
        for (int n = 1; n <= size(); n++) {
            total += statusNumber(n, "wsrep_local_cert_failures") + statusNumber(n, "wsrep_local_bf_aborts");
        }
        return total;
    }

    @Override
    public void close() {
        for (int i = nodes.length - 1; i >= 0; i--) {
            Process process = nodes[i].process;
            if (process != null && process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        LocalProcesses.deleteTree(home);
    }

    private Node node(int n) {
        if (n < 1 || n > nodes.length) {
            throw new IllegalArgumentException("nodes are 1 to " + nodes.length + ", was " + n);
        }
        return nodes[n - 1];
    }

    private Path dataDir(Node node) {
        return home.resolve("n" + node.number);
    }

    private List<String> arguments(Node node) {
        StringBuilder addresses = new StringBuilder("gcomm://");
        for (Node other : nodes) {
            addresses.append(other == nodes[0] ? "" : ",").append("127.0.0.1:").append(other.gcomm);
        }
        return List.of(SERVER.toString(), "--no-defaults", "--user=" + USER, "--datadir=" + dataDir(node), "--port=" + node.port,
                "--bind-address=127.0.0.1", "--socket=" + home.resolve("n" + node.number + ".sock"),
                "--pid-file=" + home.resolve("n" + node.number + ".pid"), "--skip-name-resolve", "--performance-schema=OFF",
                "--max-connections=200", "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=48M",
                "--binlog-format=ROW", "--default-storage-engine=InnoDB", "--innodb-autoinc-lock-mode=2",
                "--innodb-flush-log-at-trx-commit=2", "--wsrep-on=ON", "--wsrep-provider=" + PROVIDER,
                "--wsrep-cluster-name=datasets-test", "--wsrep-node-name=n" + node.number, "--wsrep-node-address=127.0.0.1",
                "--wsrep-cluster-address=" + addresses,
                "--wsrep-provider-options=base_port=" + node.gcomm + ";gmcast.listen_addr=tcp://127.0.0.1:" + node.gcomm
                        + ";ist.recv_addr=127.0.0.1:" + node.ist + ";gcache.size=64M",
                "--wsrep-sst-method=rsync", "--wsrep-sst-receive-address=127.0.0.1:" + node.sst, "--wsrep-slave-threads=2");
    }

    private void launch(Node node, List<String> extra) {
        List<String> command = new ArrayList<>(arguments(node));
        command.add("--log-error=" + home.resolve("n" + node.number + ".err"));
        command.addAll(extra);
        try {
            node.process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("n" + node.number + ".out").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitSynced(Node node, int clusterSize) {
        long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.process.isAlive()) {
                throw new IllegalStateException("node " + node.number + " died; see " + home.resolve("n" + node.number + ".err")
                        + ": " + tail(home.resolve("n" + node.number + ".err")));
            }
            Map<String, String> status = statuses(node);
            if ("Synced".equals(status.get("wsrep_local_state_comment"))
                    && Integer.parseInt(status.getOrDefault("wsrep_cluster_size", "0")) >= clusterSize) {
                return;
            }
            LocalProcesses.sleep(100);
        }
        throw new IllegalStateException("node " + node.number + " not Synced within " + SYNC_TIMEOUT.toSeconds() + " s: "
                + tail(home.resolve("n" + node.number + ".err")));
    }

    /** The status variables {@link #healthy} and {@link #describe} read, in one query (empty when the node does not answer). */
    private Map<String, String> statuses(Node node) {
        Map<String, String> values = new java.util.HashMap<>();
        try (Connection connection = connect(node); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_ready', 'wsrep_cluster_status',"
                     + " 'wsrep_local_state_comment', 'wsrep_cluster_size', 'wsrep_cluster_conf_id', 'Threads_connected')")) {
            while (rows.next()) {
                values.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException notAnswering) {
            values.put("wsrep_ready", "(no answer: " + notAnswering.getMessage() + ")");
        }
        return values;
    }

    private Optional<String> status(Node node, String variable) {
        try (Connection connection = connect(node); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW STATUS LIKE '" + variable + "'")) {
            return rows.next() ? Optional.of(rows.getString(2)) : Optional.empty();
        } catch (SQLException notYet) {
            return Optional.empty();
        }
    }

    /** A connection for a status probe: quick to give up on a node that does not answer. */
    private Connection connect(Node node) throws SQLException {
        return connect(node, 1_000, 5_000);
    }

    private Connection connect(Node node, int connectMillis, int socketMillis) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + node.port + "/?connectTimeout=" + connectMillis
                + "&socketTimeout=" + socketMillis, "root", "");
    }

    private static String tail(Path log) {
        return String.join("\n", lastLines(log, "ERROR", "ERROR", 6));
    }

    /** The last {@code count} lines of {@code log} that hold {@code one} or {@code other}. */
    private static List<String> lastLines(Path log, String one, String other, int count) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(line -> line.contains(one) || line.contains(other)).toList();
            return lines.subList(Math.max(0, lines.size() - count), lines.size());
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }

    /** Gives the cluster's folder (and everything in it) to {@link #USER}, readable by others. */
    private static void handToTheServerUser(Path home) throws IOException {
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        if (!USER.equals(System.getProperty("user.name"))) {
            LocalProcesses.run(List.of("chown", "-R", USER + ":" + USER, home.toString()), home.resolve("chown.log"));
        }
    }
}
