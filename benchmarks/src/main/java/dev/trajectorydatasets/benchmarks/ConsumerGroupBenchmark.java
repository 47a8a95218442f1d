package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.embedded.DatasetManagers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Consumer groups on the local MariaDB (issue 32). Three measures, each next to what it must stay close to, in the same
 * run: creating records in a run with three declared groups against a run with none (alternating pairs); the
 * trainer's group claim (GroupClaimBenchmark's runs of 1,000,000 and 100,000 rollouts) by a group other than the
 * default, whose counts mirror the default group's, against the default group's own; and least-used claims of 32 by
 * such a group against plain JDBC sending the same statements (look the group up, lock its first rows SKIP LOCKED,
 * count them, read the records, write the events; alternating pairs).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.ConsumerGroupBenchmark [--quick] [--out DIR]}
 */
public final class ConsumerGroupBenchmark {

    private static final ConsumerGroup EVAL = ConsumerGroup.of("eval");
    private static final int CLAIM = 32;

    record Sizes(int createPairs, int createRows, GroupClaimBenchmark.Sizes groups, int claimPairs, int claimsPerSide) {
    }

    static final Sizes FULL = new Sizes(11, 20_000, GroupClaimBenchmark.FULL, 11, 20);
    static final Sizes QUICK = new Sizes(2, 1_000, GroupClaimBenchmark.QUICK, 2, 5);

    private ConsumerGroupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        int out = arguments.indexOf("--out");
        Path outDir = Path.of(out >= 0 ? arguments.get(out + 1) : "docs");
        Files.createDirectories(outDir);
        Sizes sizes = arguments.contains("--quick") ? QUICK : FULL;
        if (arguments.contains("--creates-only")) {
            String schema = "datasets_cgroups_" + UUID.randomUUID().toString().substring(0, 8);
            BenchDatabase.createSchema(schema);
            try (DatasetManager manager = DatasetManagers.mysql(BenchDatabase.settings(schema, 10))) {
                double[] ratios = createRatios(manager, sizes);
                System.out.printf(Locale.ROOT, "creates with 3 groups over none: median x%.2f, pairs %s%n", Measure.median(ratios), Arrays.toString(ratios));
            } finally {
                BenchDatabase.dropSchema(schema);
            }
            return;
        }
        String markdown = run(sizes);
        Files.writeString(outDir.resolve("consumer-group-benchmarks.md"), markdown);
        System.out.println(markdown);
    }

    /** Runs the three measures in a schema of their own and returns the report in Markdown. */
    static String run(Sizes sizes) throws Exception {
        String schema = "datasets_cgroups_" + UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        try (DatasetManager manager = DatasetManagers.mysql(BenchDatabase.settings(schema, 10));
             Connection plain = BenchDatabase.connect(schema)) {
            double[] create = createRatios(manager, sizes);
            GroupClaimBenchmark.fill(manager, "big", sizes.groups().bigRun(), sizes.groups().eligible());
            GroupClaimBenchmark.fill(manager, "small", sizes.groups().smallRun(), sizes.groups().eligible());
            for (String run : List.of("big", "small")) {
                manager.declareConsumerGroup(RunId.of(run), EVAL);
                mirror(plain, run);
            }
            GroupClaimBenchmark.analyze(plain);
            DatasetManager eval = manager.inGroup(EVAL);
            double[][] samples = interleaved(List.of(eval, eval, manager), List.of("big", "small", "big"), sizes.groups().samples());
            double bigMedian = Measure.median(samples[0]);
            double smallMedian = Measure.median(samples[1]);
            double defaultBig = Measure.median(samples[2]);
            double[] claims = claimRatios(eval, plain, sizes);
            return report(sizes, create, bigMedian, smallMedian, defaultBig, claims);
        } finally {
            BenchDatabase.dropSchema(schema);
        }
    }

    /**
     * Group claim latencies of each (manager, run), one sample of each in turn (so a noisy moment or a cold cache costs
     * them alike), after 5 untimed claims of each; every claim's uses undone afterwards, untimed.
     */
    private static double[][] interleaved(List<DatasetManager> managers, List<String> runs, int samples) {
        double[][] millis = new double[managers.size()][samples];
        for (int s = -5; s < samples; s++) {
            for (int m = 0; m < managers.size(); m++) {
                long start = System.nanoTime();
                GroupClaim claim = managers.get(m).claimGroups(GroupClaimBenchmark.request(runs.get(m)));
                double took = (System.nanoTime() - start) / 1e6;
                if (claim.members().size() != 128) {
                    throw new IllegalStateException("expected 128 members, took " + claim.members().size());
                }
                GroupClaimBenchmark.undo(managers.get(m), claim);
                if (s >= 0) {
                    millis[m][s] = took;
                }
            }
        }
        return millis;
    }

    /** Seconds per {@code createRows} records created in batches of 1,000: with three groups declared over without, per pair. */
    private static double[] createRatios(DatasetManager manager, Sizes sizes) {
        for (String group : List.of("trainer", "eval", "critic")) {
            manager.declareConsumerGroup(RunId.of("grouped"), ConsumerGroup.of(group));
        }
        createRows(manager, "warm-none", sizes.createRows());
        createRows(manager, "grouped", sizes.createRows());
        double[] ratios = new double[sizes.createPairs()];
        for (int pair = 0; pair < sizes.createPairs(); pair++) {
            double none;
            double grouped;
            if (pair % 2 == 0) {
                none = createRows(manager, "none", sizes.createRows());
                grouped = createRows(manager, "grouped", sizes.createRows());
            } else {
                grouped = createRows(manager, "grouped", sizes.createRows());
                none = createRows(manager, "none", sizes.createRows());
            }
            ratios[pair] = grouped / none;
        }
        return ratios;
    }

    private static double createRows(DatasetManager manager, String run, int rows) {
        List<CreateDatasetCommand> batch = new ArrayList<>(1_000);
        String prefix = run + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        long start = System.nanoTime();
        for (int i = 0; i < rows; i++) {
            batch.add(CreateDatasetCommand.of(prefix + i).inRun(run).ofTask(prefix + "task-" + i / 8).rewarded(i % 2).modelVersion(i % 4));
            if (batch.size() == 1_000 || i == rows - 1) {
                manager.createDatasets(batch);
                batch.clear();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The group's counts set to the default group's: the same eligible set, the same trained and stale rows. */
    private static void mirror(Connection plain, String run) throws SQLException {
        try (PreparedStatement update = plain.prepareStatement("UPDATE consumer_group_uses u JOIN consumer_groups g ON g.id = u.group_id"
                + " JOIN datasets d ON d.id = u.dataset_id SET u.used = d.used WHERE g.run_id = ? AND g.name = ?")) {
            update.setString(1, run);
            update.setString(2, EVAL.name());
            update.executeUpdate();
        }
    }

    /** Claims of 32 per second by the group (store) over plain JDBC sending the same statements, per alternating pair. */
    private static double[] claimRatios(DatasetManager eval, Connection plain, Sizes sizes) throws SQLException {
        ClaimRequest request = ClaimRequest.of(CLAIM).inRun("big").usedBelow(1);
        for (int warm = 0; warm < 5; warm++) {
            eval.claimTrajectories(request);
            plainClaim(plain);
        }
        double[] ratios = new double[sizes.claimPairs()];
        for (int pair = 0; pair < sizes.claimPairs(); pair++) {
            double store;
            double jdbc;
            if (pair % 2 == 0) {
                store = timed(sizes.claimsPerSide(), () -> eval.claimTrajectories(request).size());
                jdbc = timed(sizes.claimsPerSide(), () -> plainClaim(plain));
            } else {
                jdbc = timed(sizes.claimsPerSide(), () -> plainClaim(plain));
                store = timed(sizes.claimsPerSide(), () -> eval.claimTrajectories(request).size());
            }
            ratios[pair] = jdbc / store;
        }
        return ratios;
    }

    private interface Claim {
        int take() throws SQLException;
    }

    /** Seconds for {@code claims} claims, each taking 32 rows. */
    private static double timed(int claims, Claim claim) throws SQLException {
        long start = System.nanoTime();
        for (int i = 0; i < claims; i++) {
            if (claim.take() != CLAIM) {
                throw new IllegalStateException("a claim took fewer than " + CLAIM + " rows");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    /** The store's statements of a least-used claim in a group, by hand, in one READ COMMITTED transaction. */
    private static int plainClaim(Connection connection) throws SQLException {
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        connection.setAutoCommit(false);
        try {
            String now = WIRE.format(Instant.now());
            int group;
            try (PreparedStatement find = connection.prepareStatement("SELECT id FROM consumer_groups WHERE run_id = ? AND name = ?")) {
                find.setString(1, "big");
                find.setString(2, EVAL.name());
                try (ResultSet rows = find.executeQuery()) {
                    rows.next();
                    group = rows.getInt(1);
                }
            }
            List<Long> ids = new ArrayList<>(CLAIM);
            try (PreparedStatement lock = connection.prepareStatement("SELECT dataset_id, used, lease_id, leased_until FROM consumer_group_uses"
                    + " FORCE INDEX (idx_group_uses_claim) WHERE group_id = ? AND used < ? AND (leased_until IS NULL OR leased_until <= ?)"
                    + " AND model_version >= ? ORDER BY used, leased_until, dataset_id LIMIT " + CLAIM + " FOR UPDATE SKIP LOCKED")) {
                lock.setInt(1, group);
                lock.setInt(2, 1);
                lock.setString(3, now);
                lock.setInt(4, Integer.MIN_VALUE);
                try (ResultSet rows = lock.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
            String marks = "?" + ",?".repeat(ids.size() - 1);
            try (PreparedStatement count = connection.prepareStatement("UPDATE consumer_group_uses SET used = used + ? WHERE group_id = ?"
                    + " AND dataset_id IN (" + marks + ")")) {
                count.setInt(1, 1);
                count.setInt(2, group);
                for (int i = 0; i < ids.size(); i++) {
                    count.setLong(i + 3, ids.get(i));
                }
                count.executeUpdate();
            }
            List<String> runs = new ArrayList<>();
            try (PreparedStatement read = connection.prepareStatement("SELECT id, trajectory_id, created_at, used, model_version, run_id,"
                    + " task_id, reward, attributes FROM datasets WHERE id IN (" + marks + ")")) {
                for (int i = 0; i < ids.size(); i++) {
                    read.setLong(i + 1, ids.get(i));
                }
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        runs.add(rows.getString(6));
                    }
                }
            }
            try (PreparedStatement events = connection.prepareStatement("INSERT INTO usage_events (dataset_id, run_id, change_by, kind,"
                    + " occurred_at, idempotency_key, consumer, consumer_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < ids.size(); i++) {
                    events.setLong(1, ids.get(i));
                    events.setString(2, runs.get(i));
                    events.setInt(3, 1);
                    events.setString(4, "CLAIM");
                    events.setString(5, now);
                    events.setString(6, null);
                    events.setString(7, null);
                    events.setString(8, EVAL.name());
                    events.addBatch();
                }
                events.executeBatch();
            }
            connection.commit();
            return ids.size();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static String report(Sizes sizes, double[] create, double bigMedian, double smallMedian, double defaultBig, double[] claims) {
        double createMedian = Measure.median(create);
        double claimMedian = Measure.median(claims);
        StringBuilder md = new StringBuilder("# Consumer groups on MariaDB\n\n");
        md.append(Report.measured("", "ConsumerGroupBenchmark")).append("\n\n");
        md.append("| measure | value | compared with | ratio (median; min, max) | target | met |\n|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| create %,d records in batches of 1,000, run with 3 declared groups | %d pairs | the same in a run with none "
                        + "| x%.2f (%.2f, %.2f) | <= x1.5 | %s |%n", sizes.createRows(), sizes.createPairs(), createMedian,
                Arrays.stream(create).min().orElse(0), Arrays.stream(create).max().orElse(0), createMedian <= 1.5 ? "yes" : "no"));
        md.append(String.format(Locale.ROOT, "| group claim (16 groups of 8) by group eval, run of %,d rows (median of %d) | %.1f ms | 25 ms "
                        + "| | <= 25 ms | %s |%n", sizes.groups().bigRun(), sizes.groups().samples(), bigMedian, bigMedian <= 25 ? "yes" : "no"));
        md.append(String.format(Locale.ROOT, "| group claim by eval, run of %,d rows | %.1f ms | same eligible set in %,d rows: %.1f ms | x%.2f "
                        + "| <= x1.5 | %s |%n", sizes.groups().bigRun(), bigMedian, sizes.groups().smallRun(), smallMedian,
                bigMedian / smallMedian, bigMedian / smallMedian <= 1.5 ? "yes" : "no"));
        md.append(String.format(Locale.ROOT, "| group claim by eval, run of %,d rows | %.1f ms | the default group's, same run and state: %.1f ms | x%.2f "
                        + "| (shown) | |%n", sizes.groups().bigRun(), bigMedian, defaultBig, bigMedian / defaultBig));
        md.append(String.format(Locale.ROOT, "| least-used claims of %d by eval, run of %,d rows, %d claims a side | %d pairs | plain JDBC, the same "
                        + "statements | %.2f (%.2f, %.2f) | >= 0.8 | %s |%n", CLAIM, sizes.groups().bigRun(), sizes.claimsPerSide(),
                sizes.claimPairs(), claimMedian, Arrays.stream(claims).min().orElse(0), Arrays.stream(claims).max().orElse(0),
                claimMedian >= 0.8 ? "yes" : "no"));
        md.append("\nThe eval group's counts are set to the default group's before the claims (the same eligible set, trained and stale "
                + "rows), so its figures and the default group's compare like with like. Storage: a row of consumer_group_uses per "
                + "record per group (see docs/consumer-groups.md).\n");
        return md.toString();
    }
}
