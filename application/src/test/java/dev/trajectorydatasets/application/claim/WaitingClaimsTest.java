package dev.trajectorydatasets.application.claim;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.domain.DeafPort;
import dev.trajectorydatasets.domain.MovableClock;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Claims that wait for enough data, over the real in-memory store. Waits are long (30 s) and answers are expected
 * within 10 s: a waiter answered early was woken, not timed out, whatever the machine's speed.
 */
class WaitingClaimsTest {

    private static final Duration LONG = Duration.ofSeconds(30);
    private static final GroupClaimRequest TWO_GROUPS_OF_TWO = GroupClaimRequest.of("run", GroupCriteria.ofSize(2), 2);

    private final MovableClock clock = new MovableClock();
    private final InMemoryDatasetStore store = new InMemoryDatasetStore();
    private final DatasetManager manager = new DatasetManager(store, Clock.systemUTC(), 3);

    @AfterEach
    void stop() {
        manager.close();
    }

    private void createTask(String task, int rollouts) {
        for (int i = 0; i < rollouts; i++) {
            manager.createDataset(CreateDatasetCommand.of(task + "-" + i).inRun("run").ofTask(task).rewarded(i % 2));
        }
    }

    private static <T> T answer(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void the_next_step_counts_the_previous_one_before_it_waits_and_reports_it_when_answered() throws Exception {
        createTask("a", 2);
        GroupClaimRequest one = GroupClaimRequest.of("run", GroupCriteria.ofSize(2), 1);
        LeaseId previous = manager.leaseGroups(one, LeaseTerms.seconds(60)).lease().orElseThrow().id();

        CompletableFuture<TrainerStep<GroupClaim>> next = manager.nextGroupStep(one, LeaseTerms.seconds(60), LONG, Optional.of(previous));

        assertFalse(next.isDone(), "nothing else is eligible: it waits");
        assertEquals(List.of(1, 1), List.of(used("a-0"), used("a-1")), "the previous step is counted while the next one waits");
        createTask("b", 2);
        TrainerStep<GroupClaim> step = answer(next);
        assertEquals(2, step.acknowledged().orElseThrow().settled().size());
        assertEquals("b", step.leased().taken().groups().get(0).taskId().value());
        assertEquals(List.of(0, 0), List.of(used("b-0"), used("b-1")), "the new step is leased, not counted");
    }

    private int used(String trajectoryId) {
        return manager.getDatasetByTrajectoryId(trajectoryId).orElseThrow().used();
    }

    @Test
    void a_waiting_group_claim_is_answered_as_soon_as_a_create_makes_enough_tasks_eligible() throws Exception {
        try (DatasetManager told = new DatasetManager(DeafPort.of(store), Clock.systemUTC(), 3)) {
            told.createDataset(CreateDatasetCommand.of("a-0").inRun("run").ofTask("a").rewarded(0));
            told.createDataset(CreateDatasetCommand.of("a-1").inRun("run").ofTask("a").rewarded(1));
            CompletableFuture<GroupClaim> waiting = told.claimGroupsWhenReady(TWO_GROUPS_OF_TWO, LONG);
            assertFalse(waiting.isDone(), "one task is not enough");
            assertEquals(1, told.waitingClaims());
            Thread.sleep(3 * WaitRoom.POLL.toMillis());     // past the first poll's own try: only a wake-up answers now

            told.createDataset(CreateDatasetCommand.of("b-0").inRun("run").ofTask("b").rewarded(0));
            told.createDataset(CreateDatasetCommand.of("b-1").inRun("run").ofTask("b").rewarded(1));

            assertEquals(2, answer(waiting).groups().size());
            assertEquals(0, told.waitingClaims());
        }
    }

    @Test
    void records_another_process_created_are_noticed_by_the_poll() throws Exception {
        CompletableFuture<List<Trajectory>> waiting = manager.claimTrajectoriesWhenReady(
                ClaimRequest.of(3).inRun("run").usedBelow(1).atLeast(3), LONG);

        store.trajectories().createAll(List.of(rollout("x1"), rollout("x2")));   // straight to the store: nobody told the manager
        Thread.sleep(3 * WaitRoom.POLL.toMillis());
        assertFalse(waiting.isDone(), "two are fewer than the minimum of three");
        store.trajectories().create(rollout("x3"));

        assertEquals(3, answer(waiting).size());
    }

    @Test
    void a_waiter_is_answered_with_what_it_finds_when_its_time_runs_out() throws Exception {
        createTask("a", 2);

        GroupClaim claim = answer(manager.claimGroupsWhenReady(TWO_GROUPS_OF_TWO, Duration.ofMillis(300)));

        assertEquals(GroupClaim.nothing(1), claim);
        assertEquals(0, manager.waitingClaims());
    }

    @Test
    void a_released_lease_wakes_a_waiter_and_an_expired_one_is_noticed_by_the_poll() throws Exception {
        DatasetManager timed = new DatasetManager(store.withClock(clock), Clock.systemUTC());
        try {
            createTask("a", 2);
            createTask("b", 2);
            try (DatasetManager told = new DatasetManager(DeafPort.of(store.withClock(clock)), Clock.systemUTC(), 3)) {
                var lease = told.leaseGroups(TWO_GROUPS_OF_TWO, LeaseTerms.seconds(60)).lease().orElseThrow();
                CompletableFuture<GroupClaim> afterRelease = told.claimGroupsWhenReady(TWO_GROUPS_OF_TWO, LONG);
                Thread.sleep(3 * WaitRoom.POLL.toMillis());     // only the release's wake-up can answer it now

                told.releaseLease(lease.id(), Optional.empty());

                assertEquals(2, answer(afterRelease).groups().size());
            }
            createTask("c", 2);
            createTask("d", 2);
            timed.leaseGroups(TWO_GROUPS_OF_TWO, LeaseTerms.seconds(60));
            CompletableFuture<GroupClaim> afterExpiry = timed.claimGroupsWhenReady(TWO_GROUPS_OF_TWO, LONG);
            assertFalse(afterExpiry.isDone());
            clock.advance(Duration.ofSeconds(61));
            assertEquals(2, answer(afterExpiry).groups().size());
        } finally {
            timed.stopWaiting();
        }
    }

    @Test
    void past_the_limit_a_wait_is_refused_and_the_others_still_wait() throws Exception {
        List<CompletableFuture<GroupClaim>> waiting = List.of(
                manager.claimGroupsWhenReady(TWO_GROUPS_OF_TWO, LONG),
                manager.claimGroupsWhenReady(TWO_GROUPS_OF_TWO, LONG),
                manager.claimGroupsWhenReady(TWO_GROUPS_OF_TWO, LONG));

        TooManyWaitersException full = assertThrows(TooManyWaitersException.class,
                () -> manager.claimGroupsWhenReady(TWO_GROUPS_OF_TWO, LONG));
        assertEquals(3, full.limit());

        createTask("a", 2);
        createTask("b", 2);
        createTask("c", 2);
        createTask("d", 2);
        createTask("e", 2);
        createTask("f", 2);
        for (CompletableFuture<GroupClaim> waiter : waiting) {
            assertEquals(2, answer(waiter).groups().size());
        }
    }

    @Test
    void stopping_answers_every_waiter_at_once_and_later_waits_do_not_wait() throws Exception {
        CompletableFuture<GroupClaim> waiting = manager.claimGroupsWhenReady(TWO_GROUPS_OF_TWO, LONG);

        manager.stopWaiting();

        assertEquals(GroupClaim.nothing(0), waiting.get(2, TimeUnit.SECONDS));
        assertTrue(manager.claimGroupsWhenReady(TWO_GROUPS_OF_TWO, LONG).isDone());
    }

    @Test
    void closing_a_manager_made_from_another_leaves_the_waiting_to_the_first() throws Exception {
        manager.attributedTo(UsageOrigin.consumer("trainer-1")).close();
        CompletableFuture<GroupClaim> waiting = manager.claimGroupsWhenReady(TWO_GROUPS_OF_TWO, LONG);

        createTask("a", 2);
        createTask("b", 2);

        assertEquals(2, answer(waiting).groups().size());
    }

    @Test
    void a_claim_that_finds_enough_at_once_does_not_wait() {
        createTask("a", 2);
        createTask("b", 2);

        CompletableFuture<GroupClaim> claim = manager.claimGroupsWhenReady(TWO_GROUPS_OF_TWO, LONG);

        assertTrue(claim.isDone());
        assertEquals(0, manager.waitingClaims());
    }

    private static NewTrajectory rollout(String id) {
        return new NewTrajectory(TrajectoryId.of(id), Optional.of(RunId.of("run")), 0, 0, Instant.parse("2026-01-01T00:00:00Z"));
    }
}
