package dev.trajectorydatasets.application.claim;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded API's pause: a paused run's claims of every kind take nothing; other runs and creates go on. */
class PausedRunsTest {

    private final DatasetManager manager = new DatasetManager(new InMemoryDatasetStore(), Clock.systemUTC());
    private final RunId run = RunId.of("paused");
    private final RunId other = RunId.of("other");

    @AfterEach
    void close() {
        manager.close();
    }

    private void fill(RunId of) {
        manager.createDatasets(IntStream.range(0, 8).mapToObj(i -> CreateDatasetCommand.of(of.value() + i).inRun(of.value()).ofTask("t" + i / 4))
                .toList());
    }

    @Test
    void every_claim_of_a_paused_run_takes_nothing_until_it_is_resumed() throws Exception {
        fill(run);
        fill(other);
        manager.pauseRun(run, Optional.of("bad reward model"));
        GroupClaimRequest groups = GroupClaimRequest.of(run, GroupCriteria.ofSize(4), 1);

        assertEquals(List.of(), manager.claimTrajectories(ClaimRequest.of(2).inRun(run)));
        assertTrue(manager.claimGroups(groups).groups().isEmpty());
        assertTrue(manager.leaseTrajectories(ClaimRequest.of(2).inRun(run), LeaseTerms.seconds(60)).lease().isEmpty());
        assertTrue(manager.leaseGroups(groups, LeaseTerms.seconds(60)).taken().groups().isEmpty());
        assertEquals(2, manager.claimTrajectories(ClaimRequest.of(2).inRun(other)).size(), "other runs go on");
        assertTrue(manager.claimTrajectories(ClaimRequest.of(100)).stream().allMatch(t -> t.runId().equals(Optional.of(other))),
                "a claim naming no run passes over the paused run");
        manager.createDataset(CreateDatasetCommand.of("late").inRun(run.value()));

        CompletableFuture<?> waiting = manager.claimTrajectoriesWhenReady(ClaimRequest.of(2).inRun(run), Duration.ofSeconds(20));
        Thread.sleep(200);
        assertFalse(waiting.isDone(), "a waiting claim keeps waiting while its run is paused");
        assertTrue(manager.resumeRun(run));
        assertEquals(2, ((List<?>) waiting.get(20, TimeUnit.SECONDS)).size());
        assertEquals(1, manager.claimGroups(groups).groups().size());
        assertEquals(List.of(), manager.getPausedRuns());
    }
}
