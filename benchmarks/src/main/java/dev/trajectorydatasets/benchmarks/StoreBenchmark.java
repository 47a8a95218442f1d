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
 * key paging at the start and the end of a large table.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar [rows-for-paging]} with {@code DATASETS_BENCH_JDBC_URL}
 * (default {@code jdbc:mysql://127.0.0.1:3306/test}), {@code DATASETS_BENCH_USER} (root) and
 * {@code DATASETS_BENCH_PASSWORD} (empty). Works in two schemas of its own and drops them.
 */
public final class StoreBenchmark {

    private static final int BULK_ROWS = 50_000;
    private static final int BATCH = 10_000;
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

    /**
     * Adapter and plain JDBC take turns, trial by trial, so both see the same machine: on a shared 2-core host the
     * absolute speed drifts by 2x within a minute, and only the ratio of neighbouring trials means something.
     * Reports the median pair's ratio and each side's median rate.
     */
    private void compare(DatasetManager manager, Connection plain, String adapterSchema) throws SQLException {
        System.out.printf(Locale.ROOT, "%-48s %12s %12s %7s%n", "operation (single connection, median of pairs)", "adapter/s", "JDBC/s", "ratio");
        truncate(adapterSchema);
        truncate(plain);
        List<String> ids = new ArrayList<>();
        List<double[]> bulk = new ArrayList<>();
        for (int trial = 0; trial < BULK_ROWS / BATCH; trial++) {
            List<CreateDatasetCommand> commands = commands("t" + trial, BATCH);
            double adapter = rate(BATCH, () -> manager.createDatasets(commands).size());
            double jdbc = rate(BATCH, () -> PlainJdbc.insert(plain, commands));
            bulk.add(new double[]{adapter, jdbc});
            commands.forEach(command -> ids.add(command.trajectoryId()));
        }
        report("bulk create (" + BULK_ROWS + " rows in batches of " + BATCH + ")", bulk);

        Random random = new Random(7);
        List<double[]> lookups = new ArrayList<>();
        int perTrial = 250;
        for (int trial = -4; trial < 2 * LOOKUPS / perTrial; trial++) {
            List<String> probes = IntStream.range(0, perTrial).mapToObj(i -> ids.get(random.nextInt(ids.size()))).toList();
            IntSupplier viaAdapter = () -> {
                probes.forEach(id -> manager.getDatasetByTrajectoryId(id).orElseThrow());
                return perTrial;
            };
            IntSupplier viaJdbc = () -> PlainJdbc.lookups(plain, probes);
            // Alternate which side goes first; the first trials only warm up.
            double adapter;
            double jdbc;
            if (trial % 2 == 0) {
                adapter = rate(perTrial, viaAdapter);
                jdbc = rate(perTrial, viaJdbc);
            } else {
                jdbc = rate(perTrial, viaJdbc);
                adapter = rate(perTrial, viaAdapter);
            }
            if (trial >= 0) {
                lookups.add(new double[]{adapter, jdbc});
            }
        }
        report("lookup by trajectory_id (" + 2 * LOOKUPS + " random)", lookups);

        List<String> toUpdate = ids.subList(0, UPDATES);
        List<double[]> updates = new ArrayList<>();
        for (int trial = 0; trial < 7; trial++) {
            int value = trial + 10;
            double adapter = rate(UPDATES, () -> manager.batchUpdateUsage(toUpdate, value));
            double jdbc = rate(UPDATES, () -> PlainJdbc.update(plain, toUpdate, value));
            updates.add(new double[]{adapter, jdbc});
        }
        report("set used on " + UPDATES + " given ids (one unit of work)", updates);
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

    private void report(String name, List<double[]> pairs) {
        double ratio = median(pairs.stream().mapToDouble(pair -> pair[0] / pair[1]).toArray());
        double adapter = median(pairs.stream().mapToDouble(pair -> pair[0]).toArray());
        double plain = median(pairs.stream().mapToDouble(pair -> pair[1]).toArray());
        System.out.printf(Locale.ROOT, "%-48s %,12.0f %,12.0f %7.2f%n", name, adapter, plain, ratio);
        String key = name.replaceAll("\\(.*\\)", "").replaceAll("[^a-z]+", "_").replaceAll("^_|_$", "");
        results.put(key + "_adapter_per_s", Math.round(adapter));
        results.put(key + "_jdbc_per_s", Math.round(plain));
        results.put(key + "_ratio", round(ratio));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static List<CreateDatasetCommand> commands(String prefix, int count) {
        Random random = new Random(prefix.hashCode());
        return IntStream.range(0, count).mapToObj(i -> CreateDatasetCommand.of("bench_" + prefix + "_" + i)
                .inRun("run_" + (i % 50)).used(random.nextInt(6)).modelVersion(random.nextInt(4))).toList();
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
        return median(samples);
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
