package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.TrajectoryPage;
import dev.trajectorydatasets.embedded.DatasetManagers;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.PageRequest;

import dev.trajectorydatasets.domain.TrajectoryId;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private final Map<String, Object> results = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        new StoreBenchmark().run(args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000);
    }

    private void run(int pagingRows) throws Exception {
        String adapterSchema = "datasets_bench_" + UUID.randomUUID().toString().substring(0, 8);
        String plainSchema = adapterSchema + "_jdbc";
        BenchDatabase.createSchema(adapterSchema);
        BenchDatabase.createSchema(plainSchema);
        try (DatasetManager manager = DatasetManagers.mysql(BenchDatabase.settings(adapterSchema, 1));
             DatasetManager plainSchemaMigrator = DatasetManagers.mysql(BenchDatabase.settings(plainSchema, 1))) {
            plainSchemaMigrator.countDatasets();
            try (Connection plain = BenchDatabase.connect(plainSchema)) {
                compare(manager, plain, adapterSchema);
                paging(manager, pagingRows);
            }
        } finally {
            BenchDatabase.dropSchema(adapterSchema);
            BenchDatabase.dropSchema(plainSchema);
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
        try (Connection adapterTable = BenchDatabase.connect(adapterSchema)) {
            truncate(adapterTable);
        }
        truncate(plain);
        List<String> ids = new ArrayList<>();
        List<double[]> bulk = new ArrayList<>();
        for (int trial = 0; trial < BULK_ROWS / BATCH; trial++) {
            List<CreateDatasetCommand> commands = commands("t" + trial, BATCH);
            double adapter = Measure.rate(BATCH, () -> manager.createDatasets(commands).size());
            double jdbc = Measure.rate(BATCH, () -> PlainJdbc.insert(plain, commands));
            bulk.add(new double[]{adapter, jdbc});
            commands.forEach(command -> ids.add(command.trajectoryId().value()));
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
                adapter = Measure.rate(perTrial, viaAdapter);
                jdbc = Measure.rate(perTrial, viaJdbc);
            } else {
                jdbc = Measure.rate(perTrial, viaJdbc);
                adapter = Measure.rate(perTrial, viaAdapter);
            }
            if (trial >= 0) {
                lookups.add(new double[]{adapter, jdbc});
            }
        }
        report("lookup by trajectory_id (" + 2 * LOOKUPS + " random)", lookups);

        List<String> toUpdate = ids.subList(0, UPDATES);
        List<TrajectoryId> toUpdateIds = toUpdate.stream().map(TrajectoryId::of).toList();
        List<double[]> updates = new ArrayList<>();
        for (int trial = 0; trial < 7; trial++) {
            int value = trial + 10;
            double adapter = Measure.rate(UPDATES, () -> manager.batchUpdateUsage(toUpdateIds, value));
            double jdbc = Measure.rate(UPDATES, () -> PlainJdbc.update(plain, toUpdate, value));
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
        long lastId = manager.searchDatasets(TrajectoryFilter.all(), PageRequest.of(rows - 1, 1)).items().get(0).id();
        double firstPage = Measure.medianMillis(41, () -> manager.getAllDatasets(PageRequest.first(1_000)).items().size());
        double lastKeyPage = Measure.medianMillis(41, () -> manager.getAllDatasets(PageRequest.after(lastId - 1_000, 1_000)).items().size());
        double lastOffsetPage = Measure.medianMillis(41, () -> manager.getAllDatasets(PageRequest.of(rows - 1_000, 1_000)).items().size());
        System.out.printf(Locale.ROOT, "page of 1,000 by key: first %.2f ms, last %.2f ms (x%.2f); by offset, last %.2f ms (x%.1f)%n",
                firstPage, lastKeyPage, lastKeyPage / firstPage, lastOffsetPage, lastOffsetPage / firstPage);
        results.put("paging_rows", rows);
        results.put("first_key_page_ms", Measure.round(firstPage));
        results.put("last_key_page_ms", Measure.round(lastKeyPage));
        results.put("last_offset_page_ms", Measure.round(lastOffsetPage));
        long walkStart = System.nanoTime();
        long walked = 0;
        TrajectoryPage page = manager.getAllDatasets(PageRequest.first(1_000));
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
        double ratio = Measure.median(pairs.stream().mapToDouble(pair -> pair[0] / pair[1]).toArray());
        double adapter = Measure.median(pairs.stream().mapToDouble(pair -> pair[0]).toArray());
        double plain = Measure.median(pairs.stream().mapToDouble(pair -> pair[1]).toArray());
        System.out.printf(Locale.ROOT, "%-48s %,12.0f %,12.0f %7.2f%n", name, adapter, plain, ratio);
        String key = name.replaceAll("\\(.*\\)", "").replaceAll("[^a-z]+", "_").replaceAll("^_|_$", "");
        results.put(key + "_adapter_per_s", Math.round(adapter));
        results.put(key + "_jdbc_per_s", Math.round(plain));
        results.put(key + "_ratio", Measure.round(ratio));
    }

    private static void truncate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE TABLE datasets");
        }
    }

    private static List<CreateDatasetCommand> commands(String prefix, int count) {
        Random random = new Random(prefix.hashCode());
        return IntStream.range(0, count).mapToObj(i -> CreateDatasetCommand.of("bench_" + prefix + "_" + i)
                .inRun("run_" + (i % 50)).used(random.nextInt(6)).modelVersion(random.nextInt(4))).toList();
    }


}
