package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.mysql.MariaDbServer;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.bootstrap.CliRun.Result;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.Leased;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.embedded.DatasetManagers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 34: a backup restores everything. A MariaDB store with checkpoints, a pause and every kind of usage event is
 * exported, imported into an empty H2 store, exported from there and imported into an empty MariaDB schema; every
 * read API answers the same on the three (runs, stats, tasks, model versions, timeline, histogram, checkpoints,
 * pauses, each trajectory's history, the next checkpoint version).
 */
class BackupRoundTripTest {

    private static final List<RunId> RUNS = List.of(RunId.of("grpo-a"), RunId.of("grpo-b"));

    @TempDir
    Path folder;

    @Test
    void mariadb_to_h2_to_mariadb_answers_every_read_the_same() throws Exception {
        MariaDbServer database = MariaDbServer.required();
        String source = database.createSchema();
        String target = database.createSchema();
        Path h2 = folder.resolve("h2");
        try {
            Map<String, String> sourceEnv = database.environmentFor(source);
            Map<String, String> targetEnv = database.environmentFor(target);
            assertEquals(0, CliRun.run(sourceEnv, "migrate").status());
            assertEquals(0, CliRun.run(targetEnv, "migrate").status());
            Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS);
            Path first = folder.resolve("from-mariadb.jsonl");
            try (DatasetManager manager = DatasetManagers.mysql(database.settings(source))) {
                Leased<List<Trajectory>> held = fill(manager);
                Result exported = CliRun.run(sourceEnv, "export", "--out", first.toString());
                assertEquals(0, exported.status(), exported.err());
                // A backup holds no lease: the leased rows go as they stand, unleased (a lease counts only when acknowledged).
                manager.releaseLease(held.lease().orElseThrow().id(), Optional.empty());
            }
            List<String> lines = Files.readAllLines(first);
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("{\"kind\":\"checkpoint\"")), "checkpoints are in the backup");
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("{\"kind\":\"pause\"")), "pauses are in the backup");
            assertTrue(lines.stream().anyMatch(line -> line.contains("\"event\":\"acknowledge\"")), "the history is in the backup");

            Result intoH2 = CliRun.run(Map.of(), "import", first.toString(), "--store", "h2", "--data-dir", h2.toString());
            assertEquals(0, intoH2.status(), intoH2.err());
            assertTrue(intoH2.err().contains("restored with them"), intoH2.err());
            Path second = folder.resolve("from-h2.jsonl");
            assertEquals(0, CliRun.run(Map.of(), "export", "--out", second.toString(), "--store", "h2", "--data-dir", h2.toString()).status());
            Result intoMariaDb = CliRun.run(targetEnv, "import", second.toString());
            assertEquals(0, intoMariaDb.status(), intoMariaDb.err());

            Map<String, String> original;
            try (DatasetManager manager = DatasetManagers.mysql(database.settings(source))) {
                original = answers(manager, start);
            }
            try (DatasetManager manager = DatasetManagers.embedded(h2)) {
                assertSame(original, answers(manager, start), "H2");
                assertEquals(4, manager.registerCheckpoint(RUNS.get(0), "/ckpt/a/v4", false).version(), "the next version, as in the source");
            }
            try (DatasetManager manager = DatasetManagers.mysql(database.settings(target))) {
                assertSame(original, answers(manager, start), "MariaDB again");
            }
            Result again = CliRun.run(targetEnv, "import", second.toString());
            assertEquals(0, again.status(), again.err());
            assertTrue(again.err().contains("skipped "), "a second import stores nothing twice: " + again.err());
            try (DatasetManager manager = DatasetManagers.mysql(database.settings(target))) {
                assertSame(original, answers(manager, start), "MariaDB after importing again");
                assertEquals(4, manager.registerCheckpoint(RUNS.get(0), "/ckpt/a/v4", false).version(), "the next version, as in the source");
            }
        } finally {
            database.drop(source);
            database.drop(target);
        }
    }

    private static void assertSame(Map<String, String> expected, Map<String, String> actual, String store) {
        assertEquals(expected.keySet(), actual.keySet(), store);
        expected.forEach((read, answer) -> assertEquals(answer, actual.get(read), store + ": " + read));
    }

    /**
     * Two runs with checkpoints 0-3 and 0-1, 60 records with tasks, rewards, attributes and versions, uses of every
     * kind (at creation, direct with a consumer and a key, set lower, claims, group claims, an acknowledged lease),
     * a pause, and a lease still held when the backup is taken (returned).
     */
    private static Leased<List<Trajectory>> fill(DatasetManager manager) {
        for (RunId run : RUNS) {
            manager.registerCheckpoint(run, "/ckpt/" + run.value() + "/v0", true);
            manager.registerCheckpoint(run, "/ckpt/" + run.value() + "/v1", false);
        }
        manager.registerCheckpoint(RUNS.get(0), "/ckpt/a/v2", false);
        manager.registerCheckpoint(RUNS.get(0), "/ckpt/a/v3", false);
        List<CreateDatasetCommand> commands = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            CreateDatasetCommand command = CreateDatasetCommand.of("t-" + i).inRun(RUNS.get(i % 2).value()).ofTask("task-" + (i / 8))
                    .rewarded(i % 3 == 0 ? 1.0 : i % 3 == 1 ? 0.0 : 0.25).modelVersion(i % 4).used(i % 10 == 0 ? 2 : 0);
            commands.add(i % 5 == 0 ? command.withAttributes("{\"trace\": \"t-" + i + "\", \"n\": [1, 2.5]}") : command);
        }
        manager.createDatasets(commands);
        DatasetManager trainer = manager.attributedTo(UsageOrigin.consumer("trainer-1").withKey(IdempotencyKey.of("use-7")));
        trainer.recordUse("t-7");
        manager.consumedBy(Optional.of("trainer-2")).recordUse("t-9");
        manager.updateUsed("t-10", 1);
        manager.claimTrajectories(ClaimRequest.of(5).inRun(RUNS.get(0)).ordered(ClaimOrder.LEAST_USED));
        manager.claimGroups(GroupClaimRequest.of(RUNS.get(1), GroupCriteria.ofSize(2), 2));
        Leased<List<Trajectory>> acknowledged = manager.consumedBy(Optional.of("trainer-3"))
                .leaseTrajectories(ClaimRequest.of(4).inRun(RUNS.get(1)), LeaseTerms.seconds(600));
        manager.acknowledgeLease(acknowledged.lease().orElseThrow().id(), Optional.empty());
        manager.pauseRun(RUNS.get(1), Optional.of("reward model under review"));
        return manager.leaseTrajectories(ClaimRequest.of(3).inRun(RUNS.get(0)), LeaseTerms.seconds(600));
    }

    /** Every read a user makes of the store, as text: records and history without the store's ids, doubles rounded. */
    private static Map<String, String> answers(DatasetManager manager, Instant start) {
        Map<String, String> answers = new HashMap<>();
        List<Trajectory> records = manager.searchDatasets(TrajectoryFilter.all(), PageRequest.first(1_000)).items();
        answers.put("records", records.stream().map(r -> List.of(r.trajectoryId(), r.runId(), r.taskId(), r.reward(), r.used(),
                r.modelVersion(), r.createdAt(), r.attributes()).toString()).toList().toString());
        for (Trajectory record : records) {
            answers.put("history of " + record.trajectoryId().value(), manager.getUsageHistory(record.trajectoryId(), KeyPage.first(100))
                    .items().stream().map(e -> List.of(e.trajectoryId(), e.runId(), e.change(), e.kind(), e.at(), e.idempotencyKey(),
                            e.consumer()).toString()).toList().toString());
        }
        answers.put("runs", manager.getRuns(KeyPage.first(100)).items().toString());
        answers.put("stats", manager.getUsageStats().toString());
        answers.put("pauses", manager.getPausedRuns().toString());
        for (RunId run : RUNS) {
            answers.put("stats of " + run, manager.getUsageStats(run).toString());
            answers.put("checkpoints of " + run, manager.getCheckpoints(run, KeyPage.first(100)).items().toString());
            answers.put("tasks of " + run, manager.getTasks(run, GroupCriteria.ofSize(2), KeyPage.first(100)).items().toString());
            answers.put("mixed tasks of " + run, manager.getTasks(run, GroupCriteria.ofSize(2).withMixedRewards().fromLatestCheckpoints(2)
                    .usedBelow(1), KeyPage.first(100)).items().toString());
            answers.put("model versions of " + run, manager.getModelVersions(run).toString());
            answers.put("timeline of " + run, manager.getTimeline(run, Optional.of(start.minus(Duration.ofHours(1))),
                    Optional.of(start.plus(Duration.ofHours(3))), Optional.of(Duration.ofMinutes(20))).toString());
            answers.put("histogram of " + run, manager.getUsedHistogram(run, KeyPage.first(100)).items().toString());
        }
        answers.replaceAll((read, answer) -> rounded(answer));
        return answers;
    }

    /** Means and averages to 9 decimals: the databases sum doubles in their own order. */
    private static String rounded(String answer) {
        return java.util.regex.Pattern.compile("-?\\d+\\.\\d{10,}").matcher(answer)
                .replaceAll(m -> String.format(java.util.Locale.ROOT, "%.9f", Double.parseDouble(m.group())));
    }
}
