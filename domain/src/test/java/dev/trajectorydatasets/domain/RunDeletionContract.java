package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.checkpoint.NewCheckpoint;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.overview.RunContents;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static dev.trajectorydatasets.domain.DatasetFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every store promises about what a run holds and about deleting it with its checkpoints and leases (an
 * operator's clean-up); part of {@link DatasetPortContract}. Another run is never touched.
 */
public abstract class RunDeletionContract {

    protected abstract DatasetPort store();

    /** A run of 5 trajectories, 3 used once each, 2 held by a lease, with 2 checkpoints. */
    private RunId aFullRun() {
        RunId run = RunId.of(unique("run"));
        store().trajectories().createAll(IntStream.range(0, 5).mapToObj(i -> aDataset().withRunId(run.value()).build()).toList());
        store().claims().claim(ClaimRequest.of(3).inRun(run));
        store().claims().leaseClaim(ClaimRequest.of(2).inRun(run).usedBelow(1), LeaseTerms.seconds(600));
        store().checkpoints().register(new NewCheckpoint(run, "/c/0", true, Instant.now()));
        store().checkpoints().register(new NewCheckpoint(run, "/c/1", false, Instant.now()));
        return run;
    }

    /** The contents' counts, and that it was active (its last activity is present) exactly when it holds anything. */
    private RunContents counts(RunId run, long trajectories, long events, long checkpoints, long leases) {
        RunContents contents = store().overviews().contents(run);
        assertEquals(List.of(trajectories, events, checkpoints, leases),
                List.of(contents.trajectories(), contents.usageEvents(), contents.checkpoints(), contents.leases()));
        assertEquals(!contents.isEmpty(), contents.lastActivityAt().isPresent());
        return contents;
    }

    @Test
    void a_run_s_last_activity_is_its_newest_creation_use_checkpoint_or_lease() {
        RunId run = RunId.of(unique("run"));
        Instant created = Instant.parse("2026-01-02T03:04:05Z");
        store().trajectories().createAll(List.of(aDataset().withRunId(run.value()).createdAt(created).build()));
        assertEquals(java.util.Optional.of(created), store().overviews().contents(run).lastActivityAt());
        Instant registered = Instant.parse("2026-02-02T03:04:05Z");
        store().checkpoints().register(new NewCheckpoint(run, "/c/0", true, registered));
        assertEquals(java.util.Optional.of(registered), store().overviews().contents(run).lastActivityAt());
    }

    @Test
    void a_run_s_contents_count_its_trajectories_their_events_its_checkpoints_and_leases() {
        RunId run = aFullRun();
        counts(run, 5, 3, 2, 1);
        RunId none = RunId.of(unique("run"));
        assertTrue(store().overviews().contents(none).isEmpty());
    }

    @Test
    void deleting_a_run_s_checkpoints_and_leases_leaves_every_other_run() {
        RunId run = aFullRun();
        RunId other = aFullRun();

        assertEquals(1, store().leases().deleteOfRun(run));
        assertEquals(2, store().checkpoints().deleteOfRun(run));
        assertEquals(0, store().checkpoints().deleteOfRun(run));
        assertEquals(5, store().trajectories().deleteByRunId(run));

        assertTrue(store().overviews().contents(run).isEmpty(), store().overviews().contents(run).toString());
        counts(other, 5, 3, 2, 1);
        assertEquals(List.of(1, 0), store().checkpoints().ofRun(other, KeyPage.first(10)).stream().map(c -> c.version()).toList());
    }

    @Test
    void a_run_is_deleted_a_batch_at_a_time_lowest_ids_first_with_their_history() {
        RunId run = aFullRun();
        List<Long> ids = store().trajectories().find(TrajectoryFilter.ofRun(run), PageRequest.first(10)).stream().map(t -> t.id()).toList();
        assertEquals(2, store().trajectories().deleteByRunId(run, 2));
        assertEquals(ids.subList(2, 5), store().trajectories().find(TrajectoryFilter.ofRun(run), PageRequest.first(10)).stream()
                .map(t -> t.id()).toList());
        assertEquals(3, store().trajectories().deleteByRunId(run, 4));
        assertEquals(0, store().trajectories().deleteByRunId(run, 4));
        RunContents left = store().overviews().contents(run);
        assertEquals(List.of(0L, 0L), List.of(left.trajectories(), left.usageEvents()));
    }

    @Test
    void a_run_deleted_in_a_unit_that_fails_is_all_there() {
        RunId run = aFullRun();
        try {
            store().inTransaction(tx -> {
                tx.leases().deleteOfRun(run);
                tx.checkpoints().deleteOfRun(run);
                tx.trajectories().deleteByRunId(run);
                throw new IllegalStateException("stop");
            });
        } catch (IllegalStateException expected) {
            // the unit rolled back
        }
        counts(run, 5, 3, 2, 1);
        assertEquals(5, store().trajectories().count(TrajectoryFilter.ofRun(run)));
    }
}
