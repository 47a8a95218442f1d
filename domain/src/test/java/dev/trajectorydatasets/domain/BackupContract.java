package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.backup.RestoredTrajectory;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.checkpoint.NewCheckpoint;
import dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;
import dev.trajectorydatasets.domain.usage.UsageKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static dev.trajectorydatasets.domain.DatasetFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every store promises a backup (issue 34); part of {@link DatasetPortContract}: records restored with their
 * history as it was (no event added), or as a create stores them when given none; what is stored left as it is;
 * a record's events read back by record; checkpoints restored with their versions.
 */
public abstract class BackupContract {

    protected abstract DatasetPort store();

    private static final Instant AT = Instant.parse("2026-05-06T07:08:09.123456Z");

    private static UsageEvent event(TrajectoryId id, RunId run, int change, UsageKind kind, int second, Optional<String> key,
                                     Optional<String> consumer) {
        return new UsageEvent(0, id, Optional.of(run), change, kind, AT.plusSeconds(second), key.map(IdempotencyKey::of), consumer);
    }

    /** The events without their store-assigned ids. */
    private List<UsageEvent> history(TrajectoryId id) {
        return store().history().events(UsageEventFilter.ofTrajectory(id), KeyPage.first(100)).stream().map(e -> e.numbered(0)).toList();
    }

    @Test
    void a_record_restored_with_its_history_has_exactly_that_history_and_one_without_gets_a_create_event() {
        RunId run = RunId.of(unique("run"));
        NewTrajectory used = aDataset().withRunId(run.value()).used(2).build();
        List<UsageEvent> events = List.of(
                event(used.trajectoryId(), run, 1, UsageKind.CLAIM, 1, Optional.empty(), Optional.of("trainer-1")),
                event(used.trajectoryId(), run, 3, UsageKind.SET, 2, Optional.of("key-1"), Optional.empty()),
                event(used.trajectoryId(), run, -2, UsageKind.SET, 3, Optional.empty(), Optional.empty()));
        NewTrajectory plain = aDataset().withRunId(run.value()).used(1).build();

        List<Trajectory> created = store().backups().restore(List.of(new RestoredTrajectory(used, events), RestoredTrajectory.of(plain)), false);

        assertEquals(List.of(used.trajectoryId(), plain.trajectoryId()), created.stream().map(Trajectory::trajectoryId).toList());
        assertEquals(2, store().trajectories().findByTrajectoryId(used.trajectoryId()).orElseThrow().used());
        assertEquals(events, history(used.trajectoryId()), "times, kinds, keys and consumers as given; no CREATE event added");
        List<UsageEvent> made = history(plain.trajectoryId());
        assertEquals(1, made.size());
        assertEquals(UsageKind.CREATE, made.get(0).kind());
        assertEquals(1, made.get(0).change());
    }

    @Test
    void stored_ids_are_skipped_with_their_history_or_fail_the_whole_batch() {
        RunId run = RunId.of(unique("run"));
        NewTrajectory stored = aDataset().withRunId(run.value()).build();
        store().trajectories().create(stored);
        NewTrajectory fresh = aDataset().withRunId(run.value()).used(1).build();
        RestoredTrajectory again = new RestoredTrajectory(aDataset().withTrajectoryId(stored.trajectoryId()).withRunId(run.value()).used(1).build(),
                List.of(event(stored.trajectoryId(), run, 1, UsageKind.USE, 1, Optional.empty(), Optional.empty())));
        RestoredTrajectory restoredFresh = new RestoredTrajectory(fresh,
                List.of(event(fresh.trajectoryId(), run, 1, UsageKind.ACKNOWLEDGE, 1, Optional.empty(), Optional.of("t"))));

        assertThrows(DuplicateTrajectoryException.class, () -> store().backups().restore(List.of(restoredFresh, again), false));
        assertTrue(store().trajectories().findByTrajectoryId(fresh.trajectoryId()).isEmpty(), "a refused batch stores nothing");

        List<Trajectory> created = store().backups().restore(List.of(restoredFresh, again), true);
        assertEquals(List.of(fresh.trajectoryId()), created.stream().map(Trajectory::trajectoryId).toList());
        assertEquals(0, store().trajectories().findByTrajectoryId(stored.trajectoryId()).orElseThrow().used(), "left as it was");
        assertEquals(List.of(), history(stored.trajectoryId()));
        assertEquals(restoredFresh.history(), history(fresh.trajectoryId()));
    }

    @Test
    void the_history_of_records_is_read_by_record_oldest_first() {
        RunId run = RunId.of(unique("run"));
        NewTrajectory a = aDataset().withRunId(run.value()).used(2).build();
        NewTrajectory b = aDataset().withRunId(run.value()).build();
        NewTrajectory c = aDataset().withRunId(run.value()).used(1).build();
        List<UsageEvent> ofA = List.of(event(a.trajectoryId(), run, 1, UsageKind.USE, 5, Optional.empty(), Optional.empty()),
                event(a.trajectoryId(), run, 1, UsageKind.CLAIM, 1, Optional.empty(), Optional.empty()));
        List<UsageEvent> ofC = List.of(event(c.trajectoryId(), run, 1, UsageKind.GROUP_CLAIM, 0, Optional.empty(), Optional.empty()));
        List<Trajectory> created = store().backups().restore(List.of(new RestoredTrajectory(c, ofC), new RestoredTrajectory(a, ofA),
                RestoredTrajectory.of(b)), false);

        List<UsageEvent> read = store().backups().historyOf(created).stream()
                .map(e -> e.numbered(0)).toList();

        assertEquals(java.util.stream.Stream.concat(ofC.stream(), ofA.stream()).toList(), read,
                "by record id (c was stored first), each record's events in the order written");
        assertEquals(List.of(), store().backups().historyOf(List.of(created.get(2))));
    }

    @Test
    void checkpoints_restored_keep_their_versions_and_the_next_one_follows_them() {
        RunId run = RunId.of(unique("run"));
        Checkpoint initial = new Checkpoint(run, 0, "/c/0", AT);
        Checkpoint third = new Checkpoint(run, 3, "/c/3", AT.plusSeconds(3), Optional.of("{\"status\": \"DONE\", \"n\": [1, 2.50]}"));
        assertTrue(store().backups().restore(initial));
        assertTrue(store().backups().restore(third));
        assertFalse(store().backups().restore(new Checkpoint(run, 3, "/other", AT)), "a version the run has is left as it is");

        assertEquals(List.of(third, initial), store().checkpoints().ofRun(run, KeyPage.first(10)), "details kept as their exact text");
        assertEquals(4, store().checkpoints().register(new NewCheckpoint(run, "/c/4", false, AT)).version());
        assertTrue(store().backups().checkpointRuns().contains(run));
        assertFalse(store().backups().checkpointRuns().contains(RunId.of(unique("run"))));
    }

    @Test
    void a_history_that_does_not_add_up_to_used_is_refused() {
        RunId run = RunId.of(unique("run"));
        NewTrajectory record = aDataset().withRunId(run.value()).used(2).build();
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> new RestoredTrajectory(record,
                List.of(event(record.trajectoryId(), run, 1, UsageKind.USE, 0, Optional.empty(), Optional.empty()))));
        assertEquals("used", refused.field());
        assertThrows(InvalidInputException.class, () -> new RestoredTrajectory(record,
                List.of(event(TrajectoryId.of(unique("other")), run, 2, UsageKind.USE, 0, Optional.empty(), Optional.empty()))));
    }
}
