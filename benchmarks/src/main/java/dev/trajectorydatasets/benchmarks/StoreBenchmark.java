package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.adapter.mysql.MySqlSettings;
import dev.trajectorydatasets.application.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.DatasetPage;
import dev.trajectorydatasets.bootstrap.DatasetManagers;
import dev.trajectorydatasets.domain.DatasetFilter;
import dev.trajectorydatasets.domain.PageRequest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The MySQL store next to plain JDBC doing the same work on the same server, single connection, same run:
 * bulk create, lookup by trajectory id, setting {@code used} on 10,000 given trajectories in one unit of work, and
 * key paging at the start and the end of a large table. Each figure is the best of {@code ROUNDS} rounds.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar [rows-for-paging]} with {@code DATASETS_BENCH_JDBC_URL}
 * (default {@code jdbc:mysql://127.0.0.1:3306/test}), {@code DATASETS_BENCH_USER} (root) and
 * {@code DATASETS_BENCH_PASSWORD} (empty). Works in two schemas of its own and drops them.
 */
public final class StoreBenchmark {

    private static final int ROUNDS = 3;
    private static final int BULK_ROWS = 50_000;
    private static final int BATCH = 10_000;
    private static final int CHUNK = 1_000;
    private static final int LOOKUPS = 5_000;
    private static final int UPDATES = 10_000;

    private final String serverUrl;
    private final String user;
    private final String password;
    private final Map<String, Object> results = new LinkedHashMap<>();

    private StoreBenchmark(String serverUrl, String user, String password) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
    }

    public static void main(String[] args) throws Exception {
        int pagingRows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String url = Optional.ofNullable(System.getenv("DATASETS_BENCH_JDBC_URL")).orElse("jdbc:mysql://127.0.0.1:3306/test");
        StoreBenchmark benchmark = new StoreBenchmark(url,
                Optional.ofNullable(System.getenv("DATASETS_BENCH_USER")).orElse("root"),
                Optional.ofNullable(System.getenv("DATASETS_BENCH_PASSWORD")).orElse(""));
        benchmark.run(pagingRows);
    }

    private void run(int pagingRows) throws Exception {
        String adapterSchema = "datasets_bench_" + UUID.randomUUID().toString().substring(0, 8);
        String plainSchema = adapterSchema + "_jdbc";
        execute(serverConnection(), "CREATE DATABASE " + adapterSchema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        execute(serverConnection(), "CREATE DATABASE " + plainSchema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        try (DatasetManager manager = DatasetManagers.mysql(settings(adapterSchema));
             DatasetManager plainSchemaMigrator = DatasetManagers.mysql(settings(plainSchema))) {
            plainSchemaMigrator.countDatasets();
            try (Connection plain = connect(plainSchema)) {
                compare(manager, plain, adapterSchema);
                paging(manager, pagingRows);
            }
        } finally {
            execute(serverConnection(), "DROP DATABASE IF EXISTS " + adapterSchema);
            execute(serverConnection(), "DROP DATABASE IF EXISTS " + plainSchema);
        }
        System.out.println();
        System.out.println(results.entrySet().stream().map(e -> "  \"" + e.getKey() + "\": " + e.getValue())
                .collect(Collectors.joining(",\n", "{\n", "\n}")));
    }

    private void compare(DatasetManager manager, Connection plain, String adapterSchema) throws SQLException {
        System.out.printf(Locale.ROOT, "%-44s %14s %14s %7s%n", "operation (single connection)", "adapter/s", "plain JDBC/s", "ratio");
        double adapterBulk = 0;
        double plainBulk = 0;
        List<String> ids = List.of();
        for (int round = 0; round < ROUNDS; round++) {
            truncate(adapterSchema);
            truncate(plain);
            List<CreateDatasetCommand> commands = commands("r" + round, BULK_ROWS);
            adapterBulk = Math.max(adapterBulk, rate(BULK_ROWS, () -> {
                for (int from = 0; from < commands.size(); from += BATCH) {
                    manager.createDatasets(commands.subList(from, from + BATCH));
                }
                return BULK_ROWS;
            }));
            plainBulk = Math.max(plainBulk, rate(BULK_ROWS, () -> plainInsert(plain, commands)));
            ids = commands.stream().map(CreateDatasetCommand::trajectoryId).toList();
        }
        report("bulk create (" + BULK_ROWS + " rows, batches of " + BATCH + ")", adapterBulk, plainBulk);

        Random random = new Random(7);
        List<String> all = ids;
        List<String> probes = IntStream.range(0, LOOKUPS).mapToObj(i -> all.get(random.nextInt(all.size()))).toList();
        double adapterLookup = 0;
        double plainLookup = 0;
        for (int round = 0; round < ROUNDS; round++) {
            adapterLookup = Math.max(adapterLookup, rate(LOOKUPS, () -> {
                probes.forEach(id -> manager.getDatasetByTrajectoryId(id).orElseThrow());
                return LOOKUPS;
            }));
            plainLookup = Math.max(plainLookup, rate(LOOKUPS, () -> plainLookups(plain, probes)));
        }
        report("lookup by trajectory_id (" + LOOKUPS + " random)", adapterLookup, plainLookup);

        List<String> toUpdate = ids.subList(0, UPDATES);
        double adapterUpdate = 0;
        double plainUpdate = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int value = round + 10;
            adapterUpdate = Math.max(adapterUpdate, rate(UPDATES, () -> manager.batchUpdateUsage(toUpdate, value)));
            plainUpdate = Math.max(plainUpdate, rate(UPDATES, () -> plainUpdate(plain, toUpdate, value)));
        }
        report("set used on " + UPDATES + " given ids (one unit of work)", adapterUpdate, plainUpdate);
    }

    private void paging(DatasetManager manager, int rows) {
        long existing = manager.countDatasets();
        int missing = (int) Math.max(0, rows - existing);
        long start = System.nanoTime();
        for (int done = 0; done < missing; done += BATCH) {
            manager.createDatasets(commands("p" + done, Math.min(BATCH, missing - done)));
        }
        System.out.printf(Locale.ROOT, "%nfilled to %,d rows in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
        long lastId = manager.searchDatasets(DatasetFilter.all(), PageRequest.of(rows - 1, 1)).items().get(0).id();
        double firstPage = medianMillis(() -> manager.getAllDatasets(PageRequest.first(1_000)).items().size());
        double lastKeyPage = medianMillis(() -> manager.getAllDatasets(PageRequest.after(lastId - 1_000, 1_000)).items().size());
        double lastOffsetPage = medianMillis(() -> manager.getAllDatasets(PageRequest.of(rows - 1_000, 1_000)).items().size());
        System.out.printf(Locale.ROOT, "page of 1,000 by key: first %.2f ms, last %.2f ms (x%.2f); by offset, last %.2f ms (x%.1f)%n",
                firstPage, lastKeyPage, lastKeyPage / firstPage, lastOffsetPage, lastOffsetPage / firstPage);
        results.put("paging_rows", rows);
        results.put("first_key_page_ms", round(firstPage));
        results.put("last_key_page_ms", round(lastKeyPage));
        results.put("last_offset_page_ms", round(lastOffsetPage));
        long walkStart = System.nanoTime();
        long walked = 0;
        DatasetPage page = manager.getAllDatasets(PageRequest.first(1_000));
        while (true) {
            walked += page.items().size();
            if (page.nextAfterId().isEmpty()) {
                break;
            }
            page = manager.getAllDatasets(PageRequest.after(page.nextAfterId().getAsLong(), 1_000));
        }
        double walkSeconds = (System.nanoTime() - walkStart) / 1e9;
        System.out.printf(Locale.ROOT, "walked %,d rows by key in pages of 1,000: %.1f s (%,.0f rows/s)%n", walked, walkSeconds, walked / walkSeconds);
        results.put("walk_rows", walked);
        results.put("walk_rows_per_s", Math.round(walked / walkSeconds));
    }

    private void report(String name, double adapter, double plain) {
        System.out.printf(Locale.ROOT, "%-44s %,14.0f %,14.0f %7.2f%n", name, adapter, plain, adapter / plain);
        String key = name.replaceAll("[^a-z]+", "_").replaceAll("^_|_$", "");
        results.put(key + "_adapter_per_s", Math.round(adapter));
        results.put(key + "_jdbc_per_s", Math.round(plain));
        results.put(key + "_ratio", round(adapter / plain));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static List<CreateDatasetCommand> commands(String prefix, int count) {
        Random random = new Random(prefix.hashCode());
        return IntStream.range(0, count).mapToObj(i -> CreateDatasetCommand.of("bench_" + prefix + "_" + i)
                .inRun("run_" + (i % 50)).used(random.nextInt(6)).modelVersion(random.nextInt(4))).toList();
    }

    private static int plainInsert(Connection connection, List<CreateDatasetCommand> commands) {
        try {
            connection.setAutoCommit(false);
            Timestamp now = Timestamp.from(Instant.now());
            for (int batch = 0; batch < commands.size(); batch += BATCH) {
                for (int from = batch; from < batch + BATCH; from += CHUNK) {
                    String values = String.join(",", java.util.Collections.nCopies(CHUNK, "(?,?,?,?,?)"));
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO datasets (trajectory_id, created_at, used, model_version, run_id) VALUES " + values,
                            Statement.RETURN_GENERATED_KEYS)) {
                        int p = 1;
                        for (CreateDatasetCommand command : commands.subList(from, from + CHUNK)) {
                            insert.setString(p++, command.trajectoryId());
                            insert.setTimestamp(p++, now);
                            insert.setInt(p++, command.used());
                            insert.setInt(p++, command.modelVersion());
                            insert.setString(p++, command.runId().orElseThrow());
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

    private static int plainLookups(Connection connection, List<String> ids) {
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

    private static int plainUpdate(Connection connection, List<String> ids, int used) {
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

    /** Items per second of one timed run of {@code work}, which returns how many items it did. */
    private static double rate(int expected, IntSupplier work) {
        long start = System.nanoTime();
        int done = work.getAsInt();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (done != expected) {
            throw new IllegalStateException("expected " + expected + " items, did " + done);
        }
        return done / seconds;
    }

    private static double medianMillis(IntSupplier work) {
        double[] samples = new double[41];
        for (int i = 0; i < samples.length; i++) {
            long start = System.nanoTime();
            work.getAsInt();
            samples[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(samples);
        return samples[samples.length / 2];
    }

    private MySqlSettings settings(String schema) {
        MySqlSettings defaults = MySqlSettings.localDefaults();
        return new MySqlSettings(defaults.host(), defaults.port(), schema, user, password, "utf8mb4",
                defaults.connectTimeout(), Duration.ofMinutes(5), Duration.ofMinutes(5), 1, Duration.ofSeconds(30),
                Optional.of(urlFor(schema)));
    }

    private Connection connect(String schema) throws SQLException {
        // The same driver options the adapter uses: the ceiling is the same driver on the same server.
        Connection connection = DriverManager.getConnection(settings(schema).url(), user, password);
        execute(connection, "SET time_zone = '+00:00'", false);
        return connection;
    }

    private Connection serverConnection() throws SQLException {
        return DriverManager.getConnection(serverUrl, user, password);
    }

    private String urlFor(String schema) {
        int hostStart = serverUrl.indexOf("//") + 2;
        int pathStart = serverUrl.indexOf('/', hostStart);
        return (pathStart < 0 ? serverUrl : serverUrl.substring(0, pathStart)) + "/" + schema;
    }

    private void truncate(String schema) throws SQLException {
        try (Connection connection = connect(schema)) {
            execute(connection, "TRUNCATE TABLE datasets", false);
        }
    }

    private static void truncate(Connection connection) throws SQLException {
        execute(connection, "TRUNCATE TABLE datasets", false);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        execute(connection, sql, true);
    }

    private static void execute(Connection connection, String sql, boolean close) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } finally {
            if (close) {
                connection.close();
            }
        }
    }
}
