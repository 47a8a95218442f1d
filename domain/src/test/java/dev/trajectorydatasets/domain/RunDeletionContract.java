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

    @Test
    void a_run_s_contents_count_its_trajectories_their_events_its_checkpoints_and_leases() {
        RunId run = aFullRun();
        assertEquals(new RunContents(run, 5, 3, 2, 1), store().overviews().contents(run));
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
        assertEquals(new RunContents(other, 5, 3, 2, 1), store().overviews().contents(other));
        assertEquals(List.of(1, 0), store().checkpoints().ofRun(other, KeyPage.first(10)).stream().map(c -> c.version()).toList());
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
        assertEquals(new RunContents(run, 5, 3, 2, 1), store().overviews().contents(run));
        assertEquals(5, store().trajectories().count(TrajectoryFilter.ofRun(run)));
    }
}
