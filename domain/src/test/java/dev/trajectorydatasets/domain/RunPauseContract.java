package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.trajectorydatasets.domain.DatasetFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every store promises about paused runs; part of {@link DatasetPortContract}. */
public abstract class RunPauseContract {

    protected abstract DatasetPort store();

    private static final Instant FIRST = Instant.parse("2026-03-04T05:06:07.123456Z");

    @Test
    void a_pause_holds_until_resumed_and_a_second_pause_keeps_the_first() {
        RunId run = RunId.of(unique("run"));
        RunPause first = new RunPause(run, FIRST, Optional.of("bad reward model"));
        assertEquals(first, store().pauses().pause(first));
        assertEquals(first, store().pauses().pause(new RunPause(run, FIRST.plusSeconds(60), Optional.empty())));
        assertEquals(Optional.of(first), store().pauses().of(run));
        assertTrue(store().pauses().all().contains(first));

        assertTrue(store().pauses().resume(run));
        assertFalse(store().pauses().resume(run));
        assertEquals(Optional.empty(), store().pauses().of(run));
        assertFalse(store().pauses().all().stream().anyMatch(pause -> pause.runId().equals(run)));
    }

    @Test
    void a_claim_excluding_runs_takes_none_of_their_rows() {
        RunId paused = RunId.of(unique("run"));
        RunId open = RunId.of(unique("run"));
        store().trajectories().createAll(List.of(DatasetFixtures.aDataset().withRunId(paused.value()).build(),
                DatasetFixtures.aDataset().withRunId(open.value()).build(), DatasetFixtures.aDataset().build()));
        List<Trajectory> taken = store().claims().claim(ClaimRequest.of(ClaimRequest.MAX_COUNT).excluding(java.util.Set.of(paused)));
        assertFalse(taken.stream().anyMatch(t -> t.runId().equals(Optional.of(paused))), "no row of an excluded run");
        assertTrue(taken.stream().anyMatch(t -> t.runId().equals(Optional.of(open))));
        assertTrue(taken.stream().anyMatch(t -> t.runId().isEmpty()), "rows of no run stay claimable");
        assertEquals(1, store().claims().claim(ClaimRequest.of(5).inRun(paused)).size(), "the store itself does not know pauses");
    }

    @Test
    void a_pause_in_a_unit_that_fails_is_undone_and_pauses_are_listed_by_run() {
        RunId run = RunId.of(unique("run"));
        try {
            store().inTransaction(tx -> {
                tx.pauses().pause(new RunPause(run, FIRST, Optional.empty()));
                throw new IllegalStateException("stop");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertEquals(Optional.empty(), store().pauses().of(run));
        RunId a = RunId.of(unique("a-run"));
        RunId b = RunId.of(unique("b-run"));
        store().pauses().pause(new RunPause(b, FIRST, Optional.empty()));
        store().pauses().pause(new RunPause(a, FIRST, Optional.empty()));
        List<RunId> listed = store().pauses().all().stream().map(RunPause::runId).filter(r -> r.equals(a) || r.equals(b)).toList();
        assertEquals(List.of(a, b), listed);
    }
}
