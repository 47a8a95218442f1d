package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.TrajectoryPage;
import dev.trajectorydatasets.embedded.DatasetManagers;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.TrajectoryId;
import io.javalin.Javalin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The benchmark harness: the guide's operations on every store (in memory, H2, the local MariaDB) through the
 * embedded API and over HTTP (1 and 8 keep-alive connections), next to their ceilings measured in the same run
 * (plain JDBC on MariaDB; a bare Javalin endpoint answering a constant record), plus scale at 1,000,000 rows and
 * memory. Writes {@code docs/benchmarks.json}, {@code docs/benchmarks.md} and {@code docs/benchmarks.png}.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.Harness [--quick] [--out DIR] [--pairs]}
 * ({@code --quick}: a smoke run with small sizes that only proves the harness works; {@code --pairs}: only the
 * MariaDB same-work pairs, printed, nothing written).
 */
public final class Harness {

    private record Sizes(int createOne, int bulk, int lookups, int searchRun, int updates, int http, int claimSeconds, int scaleRows, int memoryRows) {
    }

    private static final Sizes FULL = new Sizes(2_000, 50_000, 5_000, 10_000, 10_000, 3_000, 5, 1_000_000, 1_000_000);
    private static final Sizes QUICK = new Sizes(200, 5_000, 500, 1_000, 1_000, 300, 1, 20_000, 20_000);

    private final Sizes sizes;
    private final Report report = new Report();
    private ReportPage.Sections sections;

    private Harness(Sizes sizes) {
        this.sizes = sizes;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        ManyClientsBenchmark.keepIdleConnectionsBriefly();
        List<String> arguments = Arrays.asList(args);
        Sizes sizes = arguments.contains("--quick") ? QUICK : FULL;
        int out = arguments.indexOf("--out");
        Path outDir = Path.of(out >= 0 ? arguments.get(out + 1) : "docs");
        long start = System.nanoTime();
        if (arguments.contains("--pairs")) {
            pairsOnly(sizes);
            return;
        }
        Report.harnessCommand = "java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.Harness" + (args.length == 0 ? "" : " " + String.join(" ", args));
        new Harness(sizes).run(outDir);
        System.out.printf(Locale.ROOT, "harness finished in %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private void run(Path outDir) throws Exception {
        report.figure("date", LocalDate.now().toString());
        report.figure("commit", Report.commit());
        report.figure("buffer pool", Report.bufferPool());
        report.figure("machine", Runtime.getRuntime().availableProcessors() + " cores, " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB max heap, Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name"));
        String schema = "datasets_harness_" + UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        BenchDatabase.createSchema(schema + "_jdbc");
        Path h2 = Files.createTempDirectory("harness-h2");
        try (DatasetManager memory = DatasetManagers.inMemory();
             DatasetManager embedded = DatasetManagers.embedded(h2);
             DatasetManager mariadb = DatasetManagers.mysql(BenchDatabase.settings(schema, 10));
             DatasetManager jdbcSchema = DatasetManagers.mysql(BenchDatabase.settings(schema + "_jdbc", 1));
             Connection plain = StoreStatements.connect(schema + "_jdbc")) {
            jdbcSchema.countDatasets();
            Map<String, Map<String, Double>> embeddedResults = new LinkedHashMap<>();
            embeddedResults.put("memory", workloads("memory", memory));
            embeddedResults.put("h2", workloads("h2", embedded));
            embeddedResults.put("mariadb", workloads("mariadb", mariadb));
            compareWithJdbc(mariadb, plain);
            ClaimCeilingBenchmark.run(report, sizes == QUICK ? ClaimCeilingBenchmark.QUICK : ClaimCeilingBenchmark.FULL);
            for (LeaseCycleCeiling.Holds holds : LeaseCycleCeiling.Holds.values()) {
                LeaseCycleCeiling.run(report, sizes == QUICK ? LeaseCycleCeiling.QUICK : LeaseCycleCeiling.FULL, holds);
            }
            BatchUpdateBenchmark.run(report, sizes == QUICK ? 1_000 : 10_000, sizes == QUICK ? 1 : 5);

            Javalin bare = HttpWorkloads.bareJavalin(schema);
            try {
                for (Map.Entry<String, DatasetManager> target : Map.of("memory", memory, "h2", embedded, "mariadb", mariadb).entrySet()) {
                    new HttpWorkloads(report, sizes.http()).run(target.getKey(), target.getValue(), "http://127.0.0.1:" + bare.port());
                }
            } finally {
                bare.stop();
            }
            scale(mariadb);
            memoryPerRecord();
            StartupBenchmark.run(report, sizes == QUICK ? 1 : 3);
            sections = new ReportPage.Sections(
                    GroupClaimBenchmark.run(sizes == QUICK ? GroupClaimBenchmark.QUICK : GroupClaimBenchmark.FULL, false),
                    sizes == QUICK ? HistoryCostBenchmark.run(1, 1) : HistoryCostBenchmark.run(2, 5),
                    LeaseBenchmark.run(sizes == QUICK ? LeaseBenchmark.QUICK : LeaseBenchmark.FULL),
                    ExportBenchmark.run(sizes == QUICK ? 20_000 : 1_000_000),
                    sizes == QUICK ? GaleraBenchmark.run(2, 4, 20_000) : GaleraBenchmark.run(3, 10, 100_000),
                    ConsumerGroupBenchmark.run(sizes == QUICK ? ConsumerGroupBenchmark.QUICK : ConsumerGroupBenchmark.FULL),
                    sizes == QUICK ? ManyClientsBenchmark.run(2, List.of(8)) : ManyClientsBenchmark.run(30, List.of(32, 128, 256)));
        } finally {
            BenchDatabase.dropSchema(schema);
            BenchDatabase.dropSchema(schema + "_jdbc");
        }
        ReportPage.write(report, sections, outDir);
    }

    /**
     * {@code --pairs}: only the MariaDB figures against their same-work ceilings (bulk create, lookup, set used,
     * claims, batch update and use), printed as the report's table: a before/after check of a change to a hot path.
     */
    private static void pairsOnly(Sizes sizes) throws Exception {
        Harness harness = new Harness(sizes);
        String schema = "datasets_pairs_" + UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        BenchDatabase.createSchema(schema + "_jdbc");
        try (DatasetManager mariadb = DatasetManagers.mysql(BenchDatabase.settings(schema, 10));
             DatasetManager jdbcSchema = DatasetManagers.mysql(BenchDatabase.settings(schema + "_jdbc", 1));
             Connection plain = StoreStatements.connect(schema + "_jdbc")) {
            jdbcSchema.countDatasets();
            harness.compareWithJdbc(mariadb, plain);
        } finally {
            BenchDatabase.dropSchema(schema);
            BenchDatabase.dropSchema(schema + "_jdbc");
        }
        ClaimCeilingBenchmark.mariadb(harness.report, sizes == QUICK ? ClaimCeilingBenchmark.QUICK : ClaimCeilingBenchmark.FULL);
        BatchUpdateBenchmark.run(harness.report, sizes == QUICK ? 1_000 : 10_000, sizes == QUICK ? 1 : 5);
        harness.report.table.forEach(row -> System.out.println("| " + String.join(" | ", row) + " |"));
    }

    // ---- the guide's operations, through the embedded API ----

    private Map<String, Double> workloads(String target, DatasetManager manager) throws Exception {
        Map<String, Double> rates = new LinkedHashMap<>();
        String prefix = target + "_" + UUID.randomUUID().toString().substring(0, 6);
        rates.put("create one by one", Measure.rate(sizes.createOne(), () -> {
            for (int i = 0; i < sizes.createOne(); i++) {
                manager.createDataset(prefix + "_one_" + i, prefix + "_one");
            }
            return sizes.createOne();
        }));
        List<String> ids = new ArrayList<>();
        rates.put("bulk create", Measure.rate(sizes.bulk(), () -> {
            for (int from = 0; from < sizes.bulk(); from += 10_000) {
                List<CreateDatasetCommand> batch = commands(prefix + "_bulk_" + from, Math.min(10_000, sizes.bulk() - from), prefix + "_bulk");
                manager.createDatasets(batch);
                batch.forEach(command -> ids.add(command.trajectoryId().value()));
            }
            return sizes.bulk();
        }));
        Random random = new Random(11);
        List<String> probes = IntStream.range(0, sizes.lookups()).mapToObj(i -> ids.get(random.nextInt(ids.size()))).toList();
        rates.put("lookup by trajectory_id", Measure.rate(probes.size(), () -> {
            probes.forEach(id -> manager.getDatasetByTrajectoryId(id).orElseThrow());
            return probes.size();
        }));
        String searchRun = prefix + "_search";
        manager.createDatasets(IntStream.range(0, sizes.searchRun()).mapToObj(i -> CreateDatasetCommand.of(searchRun + "_" + i)
                .inRun(searchRun).used(i % 2 == 0 ? 0 : 5)).toList());
        int matching = sizes.searchRun() / 2;
        rates.put("search one run, usage_time_max", Measure.rate(matching, () -> walk(manager, TrajectoryFilter.ofRun(searchRun).usedAtMost(1), 1_000, true)));
        int statsCalls = 20;
        rates.put("usage statistics over all rows", Measure.rate(statsCalls, () -> {
            for (int i = 0; i < statsCalls; i++) {
                manager.getUsageStats();
            }
            return statsCalls;
        }));
        List<TrajectoryId> toUpdate = ids.subList(0, Math.min(sizes.updates(), ids.size())).stream().map(TrajectoryId::of).toList();
        rates.put("set used on given ids, one unit", Measure.rate(toUpdate.size(), () -> manager.batchUpdateUsage(toUpdate, 3)));
        int rows = (int) manager.countDatasets();
        rates.put("walk all rows by key, pages of 100", Measure.rate(rows, () -> walk(manager, TrajectoryFilter.all(), 100, true)));
        rates.put("walk all rows by offset, pages of 100", Measure.rate(rows, () -> walk(manager, TrajectoryFilter.all(), 100, false)));
        ClaimRequest claim = ClaimRequest.of(32).inRun(prefix + "_bulk").usedBelow(1_000_000);
        rates.put("claims, 8 claimers x 32", Measure.concurrently(8, sizes.claimSeconds(), () -> manager.claimTrajectories(claim).size()).perSecond());
        rates.forEach((operation, value) -> {
            report.figure(target + ": " + operation, Math.round(value));
            System.out.printf(Locale.ROOT, "%-8s %-42s %,12.0f /s%n", target, operation, value);
        });
        return rates;
    }

    private static int walk(DatasetManager manager, TrajectoryFilter filter, int pageSize, boolean byKey) {
        int walked = 0;
        TrajectoryPage page = manager.searchDatasets(filter, PageRequest.first(pageSize));
        while (true) {
            walked += page.items().size();
            if (page.nextAfterId().isEmpty()) {
                return walked;
            }
            page = manager.searchDatasets(filter, byKey ? PageRequest.after(page.nextAfterId().getAsLong(), pageSize) : PageRequest.of(walked, pageSize));
        }
    }

    // ---- ceilings ----

    /**
     * The MariaDB adapter against plain JDBC in alternating trials (this machine's speed drifts by 2x within a
     * minute, so only neighbouring trials compare); the median pair's ratio is the figure.
     */
    private void compareWithJdbc(DatasetManager mariadb, Connection plain) {
        int trials = 5;
        int bulk = sizes.bulk() / trials;
        List<String> adapterIds = new ArrayList<>();
        List<String> plainIds = new ArrayList<>();
        report.paired("MariaDB bulk create", SAME_WORK, 0.8, false, trials, t -> {
            List<CreateDatasetCommand> batch = commands("pair_a" + t, bulk, "pair");
            batch.forEach(c -> adapterIds.add(c.trajectoryId().value()));
            return Measure.rate(bulk, () -> mariadb.createDatasets(batch).size());
        }, t -> {
            List<CreateDatasetCommand> batch = commands("pair_j" + t, bulk, "pair");
            batch.forEach(c -> plainIds.add(c.trajectoryId().value()));
            return Measure.rate(bulk, () -> StoreStatements.create(plain, batch));
        }, t -> {
            List<CreateDatasetCommand> batch = commands("pair_b" + t, bulk, "pair");
            return Measure.rate(bulk, () -> PlainJdbc.insert(plain, batch));
        });
        Random random = new Random(3);
        int perTrial = Math.max(100, sizes.lookups() / 10);
        report.paired("MariaDB lookup by trajectory_id", SAME_WORK, 0.8, false, 10, t -> {
            List<String> probes = IntStream.range(0, perTrial).mapToObj(i -> adapterIds.get(random.nextInt(adapterIds.size()))).toList();
            return Measure.rate(perTrial, () -> {
                probes.forEach(id -> mariadb.getDatasetByTrajectoryId(id).orElseThrow());
                return perTrial;
            });
        }, t -> {
            List<String> probes = IntStream.range(0, perTrial).mapToObj(i -> plainIds.get(random.nextInt(plainIds.size()))).toList();
            return Measure.rate(perTrial, () -> StoreStatements.lookups(plain, probes));
        }, t -> {
            List<String> probes = IntStream.range(0, perTrial).mapToObj(i -> plainIds.get(random.nextInt(plainIds.size()))).toList();
            return Measure.rate(perTrial, () -> PlainJdbc.lookups(plain, probes));
        });
        int updates = Math.min(sizes.updates(), adapterIds.size());
        List<TrajectoryId> adapterUpdates = adapterIds.subList(0, updates).stream().map(TrajectoryId::of).toList();
        List<String> plainUpdates = plainIds.subList(0, updates).stream().sorted().toList();
        report.paired("MariaDB set used on given ids, one unit", SAME_WORK, 0.8, false, trials,
                t -> Measure.rate(updates, () -> mariadb.batchUpdateUsage(adapterUpdates, 10 + t)),
                t -> Measure.rate(updates, () -> StoreStatements.setUsed(plain, plainUpdates.stream()
                        .map(id -> Map.entry(id, 10 + t)).toList())),
                t -> Measure.rate(updates, () -> PlainJdbc.update(plain, plainUpdates, 30 + t)));
    }

    /** The name of the same-work ceilings ({@link StoreStatements}); the bare ones ({@link PlainJdbc}) are the table's last columns. */
    static final String SAME_WORK = "plain JDBC, the store's statements";

    /** The HTTP figures' same-work ceiling: a bare Javalin route parsing the same body and sending the store's statements. */
    static final String SAME_WORK_HTTP = "bare Javalin route, the store's statements";

    // ---- scale and memory ----

    private void scale(DatasetManager mariadb) {
        long existing = mariadb.countDatasets();
        for (long done = existing; done < sizes.scaleRows(); done += 10_000) {
            int size = (int) Math.min(10_000, sizes.scaleRows() - done);
            mariadb.createDatasets(commands("scale_" + done, size, "scale"));
        }
        long rows = mariadb.countDatasets();
        long lastId = mariadb.searchDatasets(TrajectoryFilter.all(), PageRequest.of((int) rows - 1, 1)).items().get(0).id();
        String someId = mariadb.searchDatasets(TrajectoryFilter.all(), PageRequest.of((int) (rows / 2), 1)).items().get(0).trajectoryId().value();
        double lookup = Measure.medianMillis(31, () -> mariadb.getDatasetByTrajectoryId(someId).isPresent() ? 1 : 0);
        double firstKey = Measure.medianMillis(31, () -> mariadb.getAllDatasets(PageRequest.first(100)).items().size());
        double deepKey = Measure.medianMillis(31, () -> mariadb.getAllDatasets(PageRequest.after(lastId - 100, 100)).items().size());
        double deepOffset = Measure.medianMillis(31, () -> mariadb.getAllDatasets(PageRequest.of((int) rows - 100, 100)).items().size());
        double stats = Measure.medianMillis(31, () -> (int) mariadb.getUsageStats().totalCount());
        double claim = Measure.medianMillis(31, () -> mariadb.claimTrajectories(ClaimRequest.of(32).inRun("scale").usedBelow(1_000_000)).size());
        String at = String.format(Locale.ROOT, "at %,d rows (MariaDB), ms", rows);
        report.figure("point lookup " + at, Measure.round(lookup));
        report.figure("first key page of 100 " + at, Measure.round(firstKey));
        report.figure("last key page of 100 " + at, Measure.round(deepKey));
        report.figure("last offset page of 100 " + at, Measure.round(deepOffset));
        report.figure("usage statistics " + at, Measure.round(stats));
        report.figure("claim of 32 " + at, Measure.round(claim));
        report.row("key page of 100 at row " + String.format(Locale.ROOT, "%,d", rows) + " vs the first",
                fmt(deepKey) + " ms", "first page", fmt(firstKey) + " ms", String.format(Locale.ROOT, "x%.2f", deepKey / firstKey), "<= x2",
                deepKey / firstKey <= 2 ? "yes" : "no");
        report.row("offset page of 100 at row " + String.format(Locale.ROOT, "%,d", rows), fmt(deepOffset) + " ms", "first page",
                fmt(firstKey) + " ms", String.format(Locale.ROOT, "x%.1f", deepOffset / firstKey), "", "");
        System.out.printf(Locale.ROOT, "scale %s: lookup %.2f, first key page %.2f, last key page %.2f, last offset page %.2f, stats %.2f, claim %.2f%n",
                at, lookup, firstKey, deepKey, deepOffset, stats, claim);
    }

    private void memoryPerRecord() {
        System.gc();
        long before = usedHeap();
        DatasetManager memory = DatasetManagers.inMemory();
        for (int done = 0; done < sizes.memoryRows(); done += 10_000) {
            int offset = done;
            memory.createDatasets(IntStream.range(0, 10_000).mapToObj(i -> CreateDatasetCommand.of(String.format("t%011d", offset + i))
                    .inRun("run_" + ((offset + i) % 100))).toList());
        }
        long after = usedHeap();
        double perRecord = (after - before) / (double) sizes.memoryRows();
        report.figure("in-memory store, bytes of heap per record", Math.round(perRecord));
        report.row("in-memory store heap per record (12-char ids, 100 runs)", String.format(Locale.ROOT, "%.0f B", perRecord),
                "", "", "", "<= 256 B", perRecord > 0 && perRecord <= 256 ? "yes" : "no");
        System.out.printf(Locale.ROOT, "in-memory: %.0f bytes per record at %,d records (%d in store)%n", perRecord, sizes.memoryRows(), memory.countDatasets());
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static String fmt(double millis) {
        return String.format(Locale.ROOT, "%.2f", millis);
    }

    static List<CreateDatasetCommand> commands(String prefix, int count, String run) {
        Random random = new Random(prefix.hashCode());
        return IntStream.range(0, count).mapToObj(i -> CreateDatasetCommand.of(prefix + "_" + i).inRun(run)
                .used(random.nextInt(6)).modelVersion(random.nextInt(4))).toList();
    }


}
