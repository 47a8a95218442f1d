package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.embedded.DatasetManagers;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.TaskOrder;
import dev.trajectorydatasets.domain.TrajectoryId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The trainer's step on the local MariaDB (issue 12): a group claim of 16 groups of 8 in a run of 1,000,000
 * rollouts over 125,000 tasks of which 20,000 rollouts (2,500 tasks) are eligible, next to the same eligible set in
 * a run of 100,000 rows, next to the way trainers do it today (read the whole run, filter and group in the JVM,
 * count each use in its own transaction), and 8 concurrent claimers. Each measured claim's uses are undone
 * (outside the timing) so every sample sees the same eligible set. Writes {@code docs/group-claims.md}.
 *
 * <p>The other rows of each run are what a long run accumulates: half already trained on ({@code used = 1}) at
 * the fresh versions, half never used but made by older checkpoints (stale). Rewards of eligible rollouts
 * alternate 1 and 0, so every eligible task passes {@code mean in [0, 1)} and {@code mixed_rewards}.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.GroupClaimBenchmark [--quick] [--out DIR] [--keep]}
 * ({@code --keep}: leave the schema in place to study its plans)
 */
public final class GroupClaimBenchmark {

    private static final int GROUP = 8;
    private static final int GROUPS = 16;
    private static final int THREADS = 8;

    record Sizes(int bigRun, int smallRun, int eligible, int samples, int todaySamples, int claimsPerThread) {
    }

    static final Sizes FULL = new Sizes(1_000_000, 100_000, 20_000, 41, 5, 15);
    static final Sizes QUICK = new Sizes(40_000, 10_000, 2_000, 11, 2, 1);

    private GroupClaimBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        Sizes sizes = arguments.contains("--quick") ? QUICK : FULL;
        int out = arguments.indexOf("--out");
        Path outDir = Path.of(out >= 0 ? arguments.get(out + 1) : "docs");
        Files.createDirectories(outDir);
        String markdown = run(sizes, arguments.contains("--keep"));
        Files.writeString(outDir.resolve("group-claims.md"), markdown);
        System.out.println(markdown);
    }

    /** Runs the benchmark in a schema of its own and returns its report in Markdown. */
    static String run(Sizes sizes, boolean keep) throws Exception {
        String schema = "datasets_groups_" + UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        try (DatasetManager manager = DatasetManagers.mysql(BenchDatabase.settings(schema, 10));
             Connection plain = BenchDatabase.connect(schema)) {
            long start = System.nanoTime();
            fill(manager, "big", sizes.bigRun(), sizes.eligible());
            fill(manager, "small", sizes.smallRun(), sizes.eligible());
            System.out.printf(Locale.ROOT, "filled %,d rows in %.0f s%n", sizes.bigRun() + sizes.smallRun(), (System.nanoTime() - start) / 1e9);
            analyze(plain);

            double[] big = claimMillis(manager, "big", sizes.samples());
            double[] small = claimMillis(manager, "small", sizes.samples());
            double today = todayMillis(manager, plain, "big", sizes.todaySamples());
            Concurrent concurrent = concurrently(manager, "big", sizes.claimsPerThread());
            String explain = explain(plain, "big");

            double bigMedian = Measure.median(big);
            double smallMedian = Measure.median(small);
            StringBuilder md = new StringBuilder();
            md.append("# Group claims (the trainer's step) on MariaDB\n\n");
            md.append(Report.measured("", "GroupClaimBenchmark")).append("\n\n");
            md.append(String.format(Locale.ROOT, "Runs of %,d and %,d rollouts in tasks of 8; in each, the same %,d rollouts (%,d tasks) are eligible: "
                    + "unused, made by one of the run's 2 latest checkpoints, rewards 1 and 0. A claim: %d groups of %d, "
                    + "`latest_checkpoints` 2, mean reward in [0, 1), `mixed_rewards`, oldest task first.%n%n",
                    sizes.bigRun(), sizes.smallRun(), sizes.eligible(), sizes.eligible() / GROUP, GROUPS, GROUP));
            md.append("| measure | value | compared with | value | ratio | target | met |\n|---|---|---|---|---|---|---|\n");
            md.append(row(String.format(Locale.ROOT, "group claim, run of %,d rows (median of %d)", sizes.bigRun(), sizes.samples()),
                    ms(bigMedian), "target", "25 ms", "", "<= 25 ms", bigMedian <= 25));
            md.append(row(String.format(Locale.ROOT, "group claim, run of %,d rows", sizes.bigRun()), ms(bigMedian),
                    String.format(Locale.ROOT, "same eligible set in %,d rows", sizes.smallRun()), ms(smallMedian),
                    String.format(Locale.ROOT, "x%.2f", bigMedian / smallMedian), "<= x1.5", bigMedian / smallMedian <= 1.5));
            md.append(row(String.format(Locale.ROOT, "today's way at %,d rows (read the run, filter and group in the JVM, one transaction per use; median of %d)",
                            sizes.bigRun(), sizes.todaySamples()), ms(today), "group claim", ms(bigMedian),
                    String.format(Locale.ROOT, "x%.0f", today / bigMedian), ">= x100", today / bigMedian >= 100));
            md.append(row(String.format(Locale.ROOT, "%d concurrent claimers, %d claims each", THREADS, sizes.claimsPerThread()),
                    String.format(Locale.ROOT, "%,.0f members/s", concurrent.membersPerSecond), "target", "2,000 members/s", "",
                    ">= 2,000/s", concurrent.membersPerSecond >= 2_000));
            md.append(row("counts after the concurrent claims", concurrent.lostOrDoubled + " lost or doubled", "members returned",
                    String.format(Locale.ROOT, "%,d", concurrent.members), "", "0", concurrent.lostOrDoubled == 0));
            md.append(String.format(Locale.ROOT, "%nClaim latency percentiles, run of %,d rows: p10 %s, p50 %s, p90 %s, max %s. "
                            + "Run of %,d rows: p10 %s, p50 %s, p90 %s.%n", sizes.bigRun(), ms(percentile(big, 10)), ms(bigMedian),
                    ms(percentile(big, 90)), ms(percentile(big, 100)), sizes.smallRun(), ms(percentile(small, 10)), ms(smallMedian),
                    ms(percentile(small, 90))));
            md.append("\n## Query plans of a claim's statements (EXPLAIN, run of " + String.format(Locale.ROOT, "%,d", sizes.bigRun()) + " rows)\n\n```\n")
                    .append(explain).append("```\n");
            return md.toString();
        } finally {
            if (keep) {
                System.out.println("kept schema " + schema);
            } else {
                BenchDatabase.dropSchema(schema);
            }
        }
    }

    /** A run of {@code rows} rollouts in tasks of 8: the first {@code eligible} eligible, the rest trained or stale. */
    static void fill(DatasetManager manager, String run, int rows, int eligible) {
        Random random = new Random(run.hashCode());
        checkpoints(manager, run);
        List<CreateDatasetCommand> batch = new ArrayList<>(10_000);
        for (int i = 0; i < rows; i++) {
            batch.add(row(run, i, eligible, random));
            if (batch.size() == 10_000 || i == rows - 1) {
                manager.createDatasets(batch);
                batch.clear();
            }
        }
    }

    /** The run's checkpoints: an initial one and versions 1 to 10. */
    static void checkpoints(DatasetManager manager, String run) {
        manager.registerInitialCheckpoint(run, "/ckpt/" + run + "/0");
        for (int v = 1; v <= 10; v++) {
            manager.registerCheckpoint(run, "/ckpt/" + run + "/" + v);
        }
    }

    /**
     * Row {@code i} of the run: the first {@code eligible} unused at the 2 latest versions with rewards 1 and 0 in
     * turn; of the rest, half used at those versions, half unused at older ones.
     */
    static CreateDatasetCommand row(String run, int i, int eligible, Random random) {
        CreateDatasetCommand command = CreateDatasetCommand.of(run + "_" + i).inRun(run).ofTask(run + "_task_" + i / GROUP);
        if (i < eligible) {
            return command.modelVersion(9 + i % 2).rewarded(i % 2 == 0 ? 1.0 : 0.0);
        } else if (i % 2 == 0) {
            return command.modelVersion(9 + random.nextInt(2)).used(1).rewarded(random.nextInt(2));
        }
        return command.modelVersion(random.nextInt(9)).rewarded(random.nextInt(2));
    }

    static GroupClaimRequest request(String run) {
        GroupCriteria criteria = GroupCriteria.ofSize(GROUP).fromLatestCheckpoints(2).meanRewardIn(0, 1).withMixedRewards();
        return new GroupClaimRequest(RunId.of(run), criteria, GROUPS, GROUPS, TaskOrder.OLDEST_TASK);
    }

    /** Claim latencies; each claim's uses are undone afterwards, untimed. */
    static double[] claimMillis(DatasetManager manager, String run, int samples) {
        GroupClaimRequest request = request(run);
        for (int warm = 0; warm < 5; warm++) {
            undo(manager, manager.claimGroups(request));
        }
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            GroupClaim claim = manager.claimGroups(request);
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (claim.members().size() != GROUPS * GROUP) {
                throw new IllegalStateException("expected " + GROUPS * GROUP + " members, took " + claim.members().size());
            }
            undo(manager, claim);
        }
        return millis;
    }

    static void undo(DatasetManager manager, GroupClaim claim) {
        manager.batchUpdateUsage(claim.members().stream().map(Trajectory::trajectoryId).toList(), 0);
    }

    /**
     * What a trainer does today (TRAINER-WORKFLOW.md): reads every row of its run, asks for the latest 2
     * checkpoints, keeps unused rows of those versions with a reward, groups by task, keeps tasks of at least 8 with
     * mean reward in [0, 1) and both kinds of reward, takes 16, and counts each use in a transaction of its own.
     */
    private static double todayMillis(DatasetManager manager, Connection plain, String run, int samples) throws SQLException {
        double[] millis = new double[samples];
        for (int s = 0; s < samples; s++) {
            long start = System.nanoTime();
            record Row(long id, String task, double reward, int used, int version, Instant createdAt) {
            }
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement all = plain.prepareStatement("SELECT * FROM datasets WHERE run_id = ?")) {
                all.setString(1, run);
                try (ResultSet result = all.executeQuery()) {
                    while (result.next()) {
                        rows.add(new Row(result.getLong("id"), result.getString("task_id"), result.getDouble("reward"), result.getInt("used"),
                                result.getInt("model_version"), result.getTimestamp("created_at").toInstant()));
                    }
                }
            }
            Set<Integer> latest = new HashSet<>();
            try (PreparedStatement versions = plain.prepareStatement("SELECT version FROM checkpoints WHERE run_id = ? ORDER BY version DESC LIMIT 2")) {
                versions.setString(1, run);
                try (ResultSet result = versions.executeQuery()) {
                    while (result.next()) {
                        latest.add(result.getInt(1));
                    }
                }
            }
            Map<String, List<Row>> byTask = new LinkedHashMap<>();
            for (Row row : rows) {
                if (row.used() == 0 && latest.contains(row.version()) && row.task() != null) {
                    byTask.computeIfAbsent(row.task(), t -> new ArrayList<>()).add(row);
                }
            }
            List<Map.Entry<String, List<Row>>> tasks = new ArrayList<>();
            for (Map.Entry<String, List<Row>> task : byTask.entrySet()) {
                List<Row> members = task.getValue();
                double mean = members.stream().mapToDouble(Row::reward).average().orElse(0);
                if (members.size() >= GROUP && mean >= 0 && mean < 1 && members.stream().anyMatch(r -> r.reward() > 0)
                        && members.stream().anyMatch(r -> r.reward() <= 0)) {
                    tasks.add(task);
                }
            }
            tasks.sort(Comparator.comparing(t -> t.getValue().stream().map(Row::createdAt).min(Comparator.naturalOrder()).orElseThrow()));
            List<Long> taken = new ArrayList<>();
            tasks.subList(0, Math.min(GROUPS, tasks.size())).forEach(t -> t.getValue().stream().limit(GROUP).forEach(r -> taken.add(r.id())));
            boolean autoCommit = plain.getAutoCommit();
            plain.setAutoCommit(true);
            try (PreparedStatement use = plain.prepareStatement("UPDATE datasets SET used = used + 1 WHERE id = ?")) {
                for (long id : taken) {
                    use.setLong(1, id);
                    use.executeUpdate();
                }
            }
            plain.setAutoCommit(autoCommit);
            millis[s] = (System.nanoTime() - start) / 1e6;
            if (taken.size() != GROUPS * GROUP) {
                throw new IllegalStateException("today's way took " + taken.size());
            }
            try (PreparedStatement reset = plain.prepareStatement("UPDATE datasets SET used = 0 WHERE id = ?")) {
                for (long id : taken) {
                    reset.setLong(1, id);
                    reset.addBatch();
                }
                reset.executeBatch();
            }
            System.out.printf(Locale.ROOT, "today's way: %.0f ms (%,d rows read)%n", millis[s], rows.size());
        }
        return Measure.median(millis);
    }

    private record Concurrent(double membersPerSecond, long members, long lostOrDoubled) {
    }

    /** {@link #THREADS} claimers, {@code claims} each, nothing undone; then every count is checked. */
    private static Concurrent concurrently(DatasetManager manager, String run, int claims) throws Exception {
        GroupClaimRequest request = request(run).groups(1, GROUPS);
        long usesBefore = sumUsed(manager, run);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<TrajectoryId>>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                List<TrajectoryId> mine = new ArrayList<>();
                for (int c = 0; c < claims; c++) {
                    manager.claimGroups(request).members().forEach(m -> mine.add(m.trajectoryId()));
                }
                return mine;
            }));
        }
        Map<TrajectoryId, Integer> times = new HashMap<>();
        for (Future<List<TrajectoryId>> worker : workers) {
            worker.get().forEach(id -> times.merge(id, 1, Integer::sum));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long members = times.values().stream().mapToLong(Integer::longValue).sum();
        long doubled = times.values().stream().filter(n -> n > 1).count();
        long lost = Math.abs(sumUsed(manager, run) - usesBefore - members);
        return new Concurrent(members / seconds, members, doubled + lost);
    }

    private static long sumUsed(DatasetManager manager, String run) {
        return Math.round(manager.getUsageStats(run).averageUsed() * manager.countDatasets(TrajectoryFilter.ofRun(run)));
    }

    static void analyze(Connection plain) throws SQLException {
        try (Statement statement = plain.createStatement()) {
            statement.execute("ANALYZE TABLE datasets");
        }
    }

    /** EXPLAIN of the statements of a claim as the store sends them (see RecordMembers: walk, memberTallies, lockGroup). */
    private static String explain(Connection plain, String run) throws SQLException {
        return explain(plain, run, "walk (one cursor per used value and fresh version, here used 0 and version 10, a later page)",
                "EXPLAIN SELECT task_id, created_at, id FROM datasets FORCE INDEX (idx_group_claim) WHERE run_id = ? AND used = 0 "
                        + "AND model_version = 10 AND task_id IS NOT NULL AND reward IS NOT NULL AND (leased_until IS NULL OR leased_until <= NOW(6)) "
                        + "AND (created_at > '2026-11-01' OR (created_at = '2026-11-01' AND id > 100)) ORDER BY created_at, id LIMIT 128")
                + explain(plain, run, "add up the eligible members of a batch of candidate tasks",
                "EXPLAIN SELECT task_id, COUNT(*), SUM(reward), SUM(CASE WHEN reward > 0 THEN 1 ELSE 0 END) FROM datasets "
                        + "WHERE run_id = ? AND task_id IS NOT NULL AND used IN (0) AND reward IS NOT NULL "
                        + "AND model_version IN (9, 10) AND task_id IN ('big_task_1', 'big_task_2', 'big_task_3') GROUP BY task_id")
                + explain(plain, run, "lock one group of an admitted task",
                "EXPLAIN SELECT id, trajectory_id, created_at, used, model_version, run_id, task_id, reward, attributes FROM datasets "
                        + "FORCE INDEX (idx_task_members) WHERE run_id = ? AND task_id IS NOT NULL AND used IN (0) AND reward IS NOT NULL "
                        + "AND model_version IN (9, 10) AND task_id = 'big_task_1' ORDER BY model_version DESC, id LIMIT 8 FOR UPDATE SKIP LOCKED")
                + explain(plain, run, "the run's latest checkpoints",
                "EXPLAIN SELECT version FROM checkpoints WHERE run_id = ? ORDER BY version DESC LIMIT 2");
    }

    private static String explain(Connection plain, String run, String title, String sql) throws SQLException {
        StringBuilder text = new StringBuilder("-- " + title + "\n");
        try (PreparedStatement explain = plain.prepareStatement(sql)) {
            explain.setString(1, run);
            try (ResultSet result = explain.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                for (int c = 1; c <= columns; c++) {
                    text.append(result.getMetaData().getColumnLabel(c)).append(c < columns ? " | " : "\n");
                }
                while (result.next()) {
                    for (int c = 1; c <= columns; c++) {
                        text.append(result.getString(c)).append(c < columns ? " | " : "\n");
                    }
                }
            }
        }
        return text.toString();
    }

    private static String row(String name, String value, String against, String againstValue, String ratio, String target, boolean met) {
        return "| " + String.join(" | ", name, value, against, againstValue, ratio, target, met ? "yes" : "no") + " |\n";
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p / 100.0 * sorted.length))];
    }
}
