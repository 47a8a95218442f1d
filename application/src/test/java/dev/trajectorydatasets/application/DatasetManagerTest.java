package dev.trajectorydatasets.application;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.application.idempotency.Answer;
import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.application.trajectory.BatchUpdateResult;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.trajectory.TrajectoryPage;
import dev.trajectorydatasets.application.trajectory.TrajectoryUpdate;
import dev.trajectorydatasets.application.usage.UsageReport;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.usage.UseResult;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guide's operations, through the embedded API, over the real in-memory store. */
class DatasetManagerTest {

    private static final Instant NOW = Instant.parse("2026-11-27T03:50:45.123456789Z");

    private final InMemoryDatasetStore store = new InMemoryDatasetStore();
    private final DatasetManager manager = new DatasetManager(store, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void create_dataset_defaults_as_the_guide_says_and_stamps_the_clock() {
        Trajectory created = manager.createDataset("traj_001", "run_alpha");

        assertEquals(new Trajectory(created.id(), TrajectoryId.of("traj_001"), Instant.parse("2026-11-27T03:50:45.123456Z"), 0, 0,
                Optional.of(RunId.of("run_alpha"))), created);
        assertEquals(5, manager.createDataset("traj_002", "run_alpha", 5).used());
    }

    @Test
    void a_rollout_with_task_reward_and_attributes_is_registered_whole() {
        Trajectory created = manager.createDataset(CreateDatasetCommand.of("r1").inRun("run").ofTask("task_7").rewarded(0.5)
                .modelVersion(3).withAttributes("{\"trace_id\":\"abc\"}"));

        assertEquals(Optional.of(dev.trajectorydatasets.domain.TaskId.of("task_7")), created.taskId());
        assertEquals(java.util.OptionalDouble.of(0.5), created.reward());
        assertEquals("{\"trace_id\":\"abc\"}", created.attributes().orElseThrow().json());
        assertEquals(created, manager.getDatasetByTrajectoryId("r1").orElseThrow());
        assertThrows(InvalidInputException.class, () -> CreateDatasetCommand.of("r2").rewarded(Double.NaN));
        assertThrows(InvalidInputException.class, () -> CreateDatasetCommand.of("r2").withAttributes("[1]"));
        assertThrows(InvalidInputException.class, () -> CreateDatasetCommand.of("r2").withAttributes("{\"a\":1,}"));
    }

    @Test
    void checkpoints_are_stamped_by_the_clock_and_page_newest_first() {
        manager.registerInitialCheckpoint("run", "/c/0");
        IntStream.range(0, 4).forEach(i -> manager.registerCheckpoint("run", "/c/" + (i + 1)));

        KeyedPage<dev.trajectorydatasets.domain.checkpoint.Checkpoint, Integer> latest =
                manager.getCheckpoints(RunId.of("run"), dev.trajectorydatasets.domain.KeyPage.first(2));
        KeyedPage<dev.trajectorydatasets.domain.checkpoint.Checkpoint, Integer> rest =
                manager.getCheckpoints(RunId.of("run"), dev.trajectorydatasets.domain.KeyPage.after(latest.next().orElseThrow(), 10));

        assertEquals(List.of(4, 3), latest.items().stream().map(dev.trajectorydatasets.domain.checkpoint.Checkpoint::version).toList());
        assertEquals(Instant.parse("2026-11-27T03:50:45.123456Z"), latest.items().get(0).createdAt());
        assertEquals(List.of(2, 1, 0), rest.items().stream().map(dev.trajectorydatasets.domain.checkpoint.Checkpoint::version).toList());
        assertEquals(Optional.empty(), rest.next());
    }

    @Test
    void an_idempotent_request_runs_once_replays_its_answer_and_runs_again_once_its_key_expired() {
        MovableClock time = new MovableClock(NOW);
        DatasetManager timed = new DatasetManager(new InMemoryDatasetStore(), time);
        timed.createDataset("t", "run");
        dev.trajectorydatasets.domain.IdempotencyKey key = dev.trajectorydatasets.domain.IdempotencyKey.of("step-1");
        java.util.function.Function<DatasetManager, Answer> use = m -> Answer.of(200, "used " + m.recordUse("t").dataset().orElseThrow().used());

        Answer first = timed.idempotent(key, "use t", use);
        Answer again = timed.idempotent(key, "use t", use);

        assertEquals(new Answer(200, "used 1", false), first);
        assertEquals(new Answer(200, "used 1", true), again);
        assertThrows(dev.trajectorydatasets.domain.idempotency.IdempotencyKeyReusedException.class, () -> timed.idempotent(key, "use u", use));
        time.advance(java.time.Duration.ofHours(25));
        assertEquals(1, timed.purgeIdempotencyKeys(java.time.Duration.ofHours(24)));
        assertEquals(new Answer(200, "used 2", false), timed.idempotent(key, "use t", use));
    }

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void a_duplicate_is_rejected_as_the_guide_words_it() {
        manager.createDataset("traj_001", "run_alpha");

        DuplicateTrajectoryException error = assertThrows(DuplicateTrajectoryException.class,
                () -> manager.createDataset("traj_001", "run_beta"));

        assertEquals("trajectory_id 'traj_001' already exists", error.getMessage());
        assertEquals(RunId.of("run_alpha"), manager.getDatasetByTrajectoryId("traj_001").orElseThrow().runId().orElseThrow());
    }

    @Test
    void a_batch_naming_duplicates_stores_nothing() {
        manager.createDataset("stored", "run");

        DuplicateTrajectoryException error = assertThrows(DuplicateTrajectoryException.class, () -> manager.createDatasets(List.of(
                CreateDatasetCommand.of("a").inRun("run"), CreateDatasetCommand.of("stored"), CreateDatasetCommand.of("a"))));

        assertEquals(List.of(TrajectoryId.of("a"), TrajectoryId.of("stored")), error.trajectoryIds());
        assertEquals(1, manager.countDatasets());
    }

    @Test
    void a_run_lists_its_first_hundred_records_by_default_and_pages_by_key() {
        manager.createDatasets(IntStream.range(0, 150).mapToObj(i -> CreateDatasetCommand.of("t" + i).inRun("run")).toList());

        TrajectoryPage first = manager.getDatasetsByRunId("run");
        TrajectoryPage second = manager.getDatasetsByRunId("run", PageRequest.after(first.nextAfterId().getAsLong(), 100));

        assertEquals(100, first.items().size());
        assertEquals(OptionalLong.of(first.items().get(99).id()), first.nextAfterId());
        assertEquals(50, second.items().size());
        assertEquals(OptionalLong.empty(), second.nextAfterId());
        assertEquals(TrajectoryId.of("t100"), second.items().get(0).trajectoryId());
    }

    @Test
    void a_page_that_exactly_fills_says_no_more_follow() {
        manager.createDatasets(IntStream.range(0, 4).mapToObj(i -> CreateDatasetCommand.of("t" + i)).toList());

        assertEquals(OptionalLong.empty(), manager.getAllDatasets(PageRequest.first(4)).nextAfterId());
        assertTrue(manager.getAllDatasets(PageRequest.first(3)).nextAfterId().isPresent());
    }

    @Test
    void the_largest_page_still_tells_whether_more_follow() {
        manager.createDatasets(IntStream.range(0, PageRequest.MAX_LIMIT + 1).mapToObj(i -> CreateDatasetCommand.of("t" + i)).toList());

        TrajectoryPage full = manager.getAllDatasets(PageRequest.first(PageRequest.MAX_LIMIT));
        TrajectoryPage last = manager.getAllDatasets(PageRequest.after(full.nextAfterId().getAsLong(), PageRequest.MAX_LIMIT));

        assertEquals(PageRequest.MAX_LIMIT, full.items().size());
        assertEquals(1, last.items().size());
        assertEquals(OptionalLong.empty(), last.nextAfterId());
    }

    @Test
    void update_dataset_changes_the_named_fields_and_says_whether_the_record_exists() {
        manager.createDataset("traj_001", "run_alpha", 1);

        Trajectory updated = manager.updateDataset(TrajectoryId.of("traj_001"),
                TrajectoryChanges.none().withUsed(15).withModelVersion(2).withRunId("run_beta")).orElseThrow();

        assertEquals(15, updated.used());
        assertEquals(Optional.empty(), manager.updateDataset(TrajectoryId.of("missing"), TrajectoryChanges.none().withUsed(1)));
        assertEquals(1, manager.countDatasets(TrajectoryFilter.ofRun("run_beta")));
    }

    @Test
    void an_update_must_change_something() {
        manager.createDataset("traj_001", "run_alpha");

        assertEquals("changes", assertThrows(InvalidInputException.class,
                () -> manager.updateDataset(TrajectoryId.of("traj_001"), TrajectoryChanges.none())).field());
    }

    @Test
    void updates_used_and_run_id_say_whether_the_record_exists() {
        manager.createDataset("traj_001", "run_alpha");

        assertTrue(manager.updateUsed("traj_001", 10));
        assertTrue(manager.updateRunId("traj_001", "run_beta"));
        assertFalse(manager.updateUsed("traj_404", 10));
        Trajectory after = manager.getDatasetByTrajectoryId("traj_001").orElseThrow();
        assertEquals(10, after.used());
        assertEquals(Optional.of(RunId.of("run_beta")), after.runId());
    }

    @Test
    void a_batch_update_reports_what_it_did_not_find() {
        manager.createDataset("a", "run");
        manager.createDataset("b", "run");

        BatchUpdateResult result = manager.updateDatasets(List.of(
                new TrajectoryUpdate(TrajectoryId.of("zzz"), TrajectoryChanges.none().withUsed(3)),
                new TrajectoryUpdate(TrajectoryId.of("b"), TrajectoryChanges.none().withModelVersion(4)),
                new TrajectoryUpdate(TrajectoryId.of("a"), TrajectoryChanges.none().withUsed(3)),
                new TrajectoryUpdate(TrajectoryId.of("yyy"), TrajectoryChanges.none().withUsed(3))));

        assertEquals(new BatchUpdateResult(2, ids("zzz", "yyy")), result);
        assertEquals(2, manager.batchUpdateUsage(ids("a", "b", "c"), 7));
        assertEquals(new UsageStats(2, 7.0, 7, 7, 1), manager.getUsageStats("run"));
    }

    @Test
    void a_batch_that_only_sets_used_sets_each_records_last_value_and_names_missing_ids_when_there_are() {
        manager.createDataset("a", "run");
        manager.createDataset("b", "run");
        manager.createDataset("c", "run", 5);

        BatchUpdateResult bulk = manager.updateDatasets(List.of(
                new TrajectoryUpdate(TrajectoryId.of("a"), TrajectoryChanges.none().withUsed(3)),
                new TrajectoryUpdate(TrajectoryId.of("b"), TrajectoryChanges.none().withUsed(4)),
                new TrajectoryUpdate(TrajectoryId.of("a"), TrajectoryChanges.none().withUsed(6)),
                new TrajectoryUpdate(TrajectoryId.of("c"), TrajectoryChanges.none().withUsed(5))));
        BatchUpdateResult withMissing = manager.updateDatasets(List.of(
                new TrajectoryUpdate(TrajectoryId.of("b"), TrajectoryChanges.none().withUsed(1)),
                new TrajectoryUpdate(TrajectoryId.of("nope"), TrajectoryChanges.none().withUsed(1))));

        assertEquals(new BatchUpdateResult(4, List.of()), bulk);
        assertEquals(new BatchUpdateResult(1, ids("nope")), withMissing);
        assertEquals(List.of(6, 1, 5), ids("a", "b", "c").stream()
                .map(id -> manager.getDatasetByTrajectoryId(id).orElseThrow().used()).toList());
        assertEquals(List.of(6), changes("a"), "one event per record, its net change");
        assertEquals(List.of(4, -3), changes("b"));
        assertEquals(List.of(5), changes("c"), "created used 5, set to 5: no change, no event");
    }

    private List<Integer> changes(String trajectoryId) {
        return manager.getUsageHistory(TrajectoryId.of(trajectoryId), KeyPage.first(10)).items().stream().map(UsageEvent::change).toList();
    }

    @Test
    void recording_uses_counts_each_and_respects_the_cap() {
        manager.createDataset("a", "run");
        manager.createDataset("b", "run", 3);

        UsageReport report = manager.recordUses(ids("a", "b", "nope"), UsageLimit.onceBelow(3));

        assertEquals(ids("a"), report.used().stream().map(Trajectory::trajectoryId).toList());
        assertEquals(ids("nope"), report.notFound());
        assertEquals(ids("b"), report.atLimit());
        assertEquals(UseResult.Outcome.USED, manager.recordUse("a").outcome());
        assertEquals(2, manager.getDatasetByTrajectoryId("a").orElseThrow().used());
    }

    @Test
    void a_failed_unit_of_work_keeps_nothing() {
        manager.createDataset("a", "run");

        assertThrows(IllegalStateException.class, () -> manager.inTransaction(tx -> {
            tx.createDataset("b", "run");
            tx.recordUse("a");
            throw new IllegalStateException("boom");
        }));

        assertEquals(1, manager.countDatasets());
        assertEquals(0, manager.getDatasetByTrajectoryId("a").orElseThrow().used());
    }

    @Test
    void search_combines_filters_and_cleanup_deletes_a_run() {
        manager.createDataset("a", "exp", 0);
        manager.createDataset("b", "exp", 6);
        manager.createDataset("c", "exp", 25);
        manager.createDataset("d", "other", 6);

        TrajectoryPage found = manager.searchDatasets(TrajectoryFilter.ofRun("exp").usedAtLeast(5).usedAtMost(20), PageRequest.first());

        assertEquals(ids("b"), found.items().stream().map(Trajectory::trajectoryId).toList());
        assertEquals(3, manager.deleteDatasetsByRunId("exp"));
        assertTrue(manager.deleteDataset("d"));
        assertEquals(0, manager.countDatasets());
        assertEquals(UsageStats.EMPTY, manager.getUsageStats());
    }

    @Test
    void invalid_arguments_name_their_field() {
        assertEquals("trajectoryId", assertThrows(InvalidInputException.class, () -> manager.createDataset("", "run")).field());
        assertEquals("runId", assertThrows(InvalidInputException.class, () -> manager.createDataset("t", null)).field());
        assertEquals("runId", assertThrows(InvalidInputException.class, () -> manager.deleteDatasetsByRunId(" ")).field());
        assertEquals(0, manager.countDatasets());
    }

    private static List<TrajectoryId> ids(String... values) {
        return java.util.Arrays.stream(values).map(TrajectoryId::of).toList();
    }
}
