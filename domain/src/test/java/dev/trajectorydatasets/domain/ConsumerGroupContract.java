package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.backup.RestoredTrajectory;
import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.group.GroupSummary;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.LeaseTicket;
import dev.trajectorydatasets.domain.lease.Leased;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.overview.TaskSummary;
import dev.trajectorydatasets.domain.overview.TimeBuckets;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.domain.overview.UsedCount;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.usage.UseResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static dev.trajectorydatasets.domain.DatasetFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every store promises about consumer groups (issue 32): each group counts its own uses of the same records,
 * exactly and independently of every other group; part of {@link DatasetPortContract}.
 */
public abstract class ConsumerGroupContract {

    protected abstract DatasetPort store();

    private static final ConsumerGroup TRAINER = ConsumerGroup.of("trainer");
    private static final ConsumerGroup EVAL = ConsumerGroup.of("eval");
    private static final LeaseTerms MINUTE = LeaseTerms.seconds(60);

    private DatasetPort in(ConsumerGroup group) {
        return store().attributedTo(UsageOrigin.NONE.inGroup(group));
    }

    private List<Trajectory> run(String run, int records) {
        List<NewTrajectory> batch = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            batch.add(aDataset().withRunId(run).build());
        }
        return store().trajectories().createAll(batch);
    }

    private List<Trajectory> tasks(String run, int tasks, int members) {
        List<NewTrajectory> batch = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            for (int m = 0; m < members; m++) {
                batch.add(aDataset().withRunId(run).withTaskId("task-" + t).rewarded(m % 2 == 0 ? 1.0 : 0.0).build());
            }
        }
        return store().trajectories().createAll(batch);
    }

    private static List<Long> ids(List<Trajectory> records) {
        return records.stream().map(Trajectory::id).sorted().toList();
    }

    @Test
    void two_groups_each_take_every_row_exactly_once_by_concurrent_least_used_claims() throws Exception {
        String run = unique("run");
        List<Trajectory> rows = run(run, 60);
        List<Callable<List<Trajectory>>> claimers = new ArrayList<>();
        for (ConsumerGroup group : List.of(TRAINER, EVAL, TRAINER, EVAL, TRAINER, EVAL)) {
            claimers.add(() -> {
                List<Trajectory> taken = new ArrayList<>();
                List<Trajectory> step;
                do {
                    step = in(group).claims().claim(ClaimRequest.of(7).inRun(run).usedBelow(1));
                    step.forEach(record -> assertEquals(1, record.used(), "a claim returns the group's count"));
                    taken.addAll(step);
                } while (!step.isEmpty());
                return taken;
            });
        }
        List<List<Trajectory>> results = Together.run(claimers);
        for (int first : List.of(0, 1)) {
            List<Trajectory> group = new ArrayList<>();
            for (int i = first; i < results.size(); i += 2) {
                group.addAll(results.get(i));
            }
            assertEquals(ids(rows), ids(group), "every row exactly once in each group");
        }
        assertEquals(new GroupSummary(RunId.of(run), TRAINER, 60, 0, 60), store().consumerGroups().find(RunId.of(run), TRAINER).orElseThrow());
        assertEquals(new GroupSummary(RunId.of(run), ConsumerGroup.DEFAULT, 0, 60, 0),
                store().consumerGroups().find(RunId.of(run), ConsumerGroup.DEFAULT).orElseThrow(), "the default group's used never moved");
        assertEquals(ids(rows), ids(store().claims().claim(ClaimRequest.of(100).inRun(run).usedBelow(1))), "the default group still has every row");
    }

    @Test
    void every_claim_order_takes_by_the_groups_own_counts() {
        String run = unique("run");
        List<Trajectory> rows = run(run, 6);
        in(EVAL).usage().useAll(List.of(rows.get(0).trajectoryId(), rows.get(1).trajectoryId()), UsageLimit.once());
        store().usage().useAll(List.of(rows.get(2).trajectoryId(), rows.get(3).trajectoryId()), UsageLimit.once());
        for (ClaimOrder order : ClaimOrder.values()) {
            Undo undone = assertThrows(Undo.class, () -> store().inTransaction(tx -> {
                throw new Undo(tx.attributedTo(UsageOrigin.NONE.inGroup(EVAL)).claims()
                        .claim(ClaimRequest.of(10).inRun(run).usedBelow(1).ordered(order)));
            }));
            assertEquals(ids(rows.subList(2, 6)), ids(undone.taken), order + ": the rows eval has not used, whatever the default group says");
        }
        List<Trajectory> again = in(EVAL).claims().claim(ClaimRequest.of(2).inRun(run).usedBelow(2).ordered(ClaimOrder.LEAST_USED));
        assertEquals(ids(rows.subList(2, 4)), ids(again), "least used first, by eval's counts");
    }

    @Test
    void a_group_claim_by_eval_does_not_change_what_trainer_sees_eligible() {
        String run = unique("run");
        tasks(run, 3, 4);
        GroupClaimRequest step = GroupClaimRequest.of(RunId.of(run), GroupCriteria.ofSize(4), 3);
        GroupClaim eval = in(EVAL).claims().claimGroups(step);
        assertEquals(3, eval.groups().size());
        assertTrue(eval.members().stream().allMatch(member -> member.used() == 1));
        assertEquals(GroupClaim.nothing(0), in(EVAL).claims().claimGroups(step), "eval has used every group once");

        GroupClaim trainer = in(TRAINER).claims().claimGroups(step);
        assertEquals(ids(eval.members()), ids(trainer.members()), "trainer sees every group as eval never ran");
        assertEquals(ids(eval.members()), ids(store().claims().claimGroups(step).members()), "and so does the default group");
    }

    @Test
    void leases_of_two_groups_hold_the_same_rows_at_once_and_each_counts_in_its_own_group() {
        String run = unique("run");
        List<Trajectory> rows = run(run, 4);
        ClaimRequest all = ClaimRequest.of(10).inRun(run).usedBelow(1).ordered(ClaimOrder.OLDEST);
        Leased<List<Trajectory>> trainer = in(TRAINER).claims().leaseClaim(all, MINUTE);
        Leased<List<Trajectory>> eval = in(EVAL).claims().leaseClaim(all, MINUTE);
        assertEquals(ids(rows), ids(trainer.taken()));
        assertEquals(ids(rows), ids(eval.taken()), "a lease holds rows for its group only");
        assertEquals(List.of(), in(TRAINER).claims().claim(all), "trainer's rows are held from trainer");
        assertEquals(ids(rows), ids(store().claims().claim(all)), "and not from the default group");

        LeaseTicket trainerLease = trainer.lease().orElseThrow();
        assertEquals(4, store().leases().acknowledge(trainerLease.id(), Optional.empty()).settled().size());
        store().leases().release(eval.lease().orElseThrow().id(), Optional.empty());
        assertEquals(new GroupSummary(RunId.of(run), TRAINER, 4, 0, 4), store().consumerGroups().find(RunId.of(run), TRAINER).orElseThrow());
        assertEquals(new GroupSummary(RunId.of(run), EVAL, 0, 4, 0), store().consumerGroups().find(RunId.of(run), EVAL).orElseThrow());
        assertEquals(ids(rows), ids(in(EVAL).claims().claim(all)), "released rows are eval's to take again");
        assertEquals(EVAL, store().leases().find(eval.lease().orElseThrow().id()).orElseThrow().group());
        List<UsageEvent> events = store().history().events(UsageEventFilter.ofTrajectory(rows.get(0).trajectoryId()), KeyPage.first(10));
        assertEquals(List.of(ConsumerGroup.DEFAULT, TRAINER, EVAL), events.stream().map(UsageEvent::group).toList(), "each event names its group");
        assertEquals(List.of(TRAINER), store().history().events(UsageEventFilter.ofTrajectory(rows.get(0).trajectoryId()).inGroup(TRAINER),
                KeyPage.first(10)).stream().map(UsageEvent::group).toList());
        assertEquals(List.of(ConsumerGroup.DEFAULT), store().history().events(UsageEventFilter.ofTrajectory(rows.get(0).trajectoryId())
                .inGroup(ConsumerGroup.DEFAULT), KeyPage.first(10)).stream().map(UsageEvent::group).toList());
    }

    @Test
    void uses_and_set_used_count_in_the_group_under_its_caps() {
        String run = unique("run");
        List<Trajectory> rows = run(run, 3);
        TrajectoryId first = rows.get(0).trajectoryId();
        List<UseResult> results = in(EVAL).usage().useAll(List.of(first, first, first), UsageLimit.onceBelow(2));
        assertEquals(List.of(UseResult.Outcome.USED, UseResult.Outcome.USED, UseResult.Outcome.AT_LIMIT),
                results.stream().map(UseResult::outcome).toList());
        assertEquals(2, results.get(2).dataset().orElseThrow().used(), "the record as eval counts it");
        assertEquals(0, store().trajectories().findById(rows.get(0).id()).orElseThrow().used(), "its own used untouched");

        assertEquals(2, in(EVAL).usage().setUsed(List.of(rows.get(1).trajectoryId(), rows.get(2).trajectoryId()), 5));
        in(EVAL).usage().setUsedEach(Map.of(rows.get(2).trajectoryId(), 1));
        assertEquals(new GroupSummary(RunId.of(run), EVAL, 3, 0, 8), store().consumerGroups().find(RunId.of(run), EVAL).orElseThrow());
        assertEquals(UsageStats.of(3, 8, 5, 1, 1), in(EVAL).overviews().usageStats(Optional.of(RunId.of(run))));
        assertEquals(List.of(new UsedCount(1, 1), new UsedCount(2, 1), new UsedCount(5, 1)),
                in(EVAL).overviews().usedHistogram(RunId.of(run), KeyPage.first(10)));
        assertEquals(List.of(new UsedCount(0, 3)), in(TRAINER).overviews().usedHistogram(RunId.of(run), KeyPage.first(10)));
        assertEquals(UsageStats.of(3, 0, 0, 0, 1), store().overviews().usageStats(Optional.of(RunId.of(run))));
    }

    @Test
    void groups_are_declared_listed_and_deleted_with_their_counts() {
        RunId run = RunId.of(unique("run"));
        List<Trajectory> rows = run(run.value(), 2);
        assertEquals(new GroupSummary(run, EVAL, 0, 2, 0), store().consumerGroups().declare(run, EVAL));
        assertEquals(new GroupSummary(run, EVAL, 0, 2, 0), store().consumerGroups().declare(run, EVAL), "declaring twice changes nothing");
        in(TRAINER).usage().use(rows.get(0).trajectoryId(), UsageLimit.once());
        assertEquals(List.of(ConsumerGroup.DEFAULT, EVAL, TRAINER),
                store().consumerGroups().ofRun(run).stream().map(GroupSummary::group).toList(), "first use made trainer a group");
        assertEquals(Optional.empty(), store().consumerGroups().find(RunId.of(unique("run")), EVAL));

        assertTrue(store().consumerGroups().delete(run, TRAINER));
        assertFalse(store().consumerGroups().delete(run, TRAINER));
        assertEquals(List.of(ConsumerGroup.DEFAULT, EVAL), store().consumerGroups().ofRun(run).stream().map(GroupSummary::group).toList());
        assertEquals(new GroupSummary(run, TRAINER, 0, 2, 0), store().consumerGroups().declare(run, TRAINER), "its counts went with it");
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> store().consumerGroups().delete(run, ConsumerGroup.DEFAULT));
        assertEquals("consumerGroup", refused.field());
        assertEquals(2, store().consumerGroups().deleteOfRun(run));
        assertEquals(List.of(ConsumerGroup.DEFAULT), store().consumerGroups().ofRun(run).stream().map(GroupSummary::group).toList());
    }

    @Test
    void a_unit_that_fails_undoes_its_group_counts_and_declarations() {
        RunId run = RunId.of(unique("run"));
        List<Trajectory> rows = run(run.value(), 2);
        assertThrows(IllegalStateException.class, () -> store().inTransaction(tx -> {
            tx.attributedTo(UsageOrigin.NONE.inGroup(EVAL)).claims().claim(ClaimRequest.of(2).inRun(run));
            throw new IllegalStateException("stop");
        }));
        assertEquals(Optional.empty(), store().consumerGroups().find(run, EVAL));
        assertEquals(2, in(EVAL).claims().claim(ClaimRequest.of(2).inRun(run)).size());
        assertEquals(ids(rows), ids(in(EVAL).claims().claim(ClaimRequest.of(2).inRun(run))));
    }

    @Test
    void group_counts_need_a_run_and_follow_a_record_that_moves_to_another() {
        Trajectory loose = store().trajectories().create(aDataset().build());
        assertEquals("consumerGroup", assertThrows(InvalidInputException.class,
                () -> in(EVAL).usage().use(loose.trajectoryId(), UsageLimit.once())).field());
        assertEquals("runId", assertThrows(InvalidInputException.class, () -> in(EVAL).claims().claim(ClaimRequest.of(1))).field());
        store().usage().use(loose.trajectoryId(), UsageLimit.once());

        String from = unique("run");
        String to = unique("run");
        Trajectory moved = run(from, 1).get(0);
        in(EVAL).usage().useAll(List.of(moved.trajectoryId(), moved.trajectoryId()), UsageLimit.by(1));
        in(TRAINER).usage().use(moved.trajectoryId(), UsageLimit.once());
        store().consumerGroups().declare(RunId.of(to), EVAL);
        store().trajectories().update(moved.trajectoryId(), TrajectoryChanges.none().withRunId(to));
        assertEquals(new GroupSummary(RunId.of(to), EVAL, 1, 0, 2), store().consumerGroups().find(RunId.of(to), EVAL).orElseThrow(),
                "its counts went to the group of the same name");
        assertEquals(Optional.empty(), store().consumerGroups().find(RunId.of(to), TRAINER), "a group the run lacks is not made");
        assertEquals(new GroupSummary(RunId.of(from), EVAL, 0, 0, 0), store().consumerGroups().find(RunId.of(from), EVAL).orElseThrow());

        Trajectory rerolled = store().trajectories().reroll(moved.trajectoryId(), TrajectoryChanges.none().withModelVersion(7)).orElseThrow();
        assertEquals(new GroupSummary(RunId.of(to), EVAL, 0, 1, 0), store().consumerGroups().find(RunId.of(to), EVAL).orElseThrow(),
                "a re-rolled record is new to every group");
        List<UsageEvent> history = store().history().events(UsageEventFilter.ofTrajectory(rerolled.trajectoryId()), KeyPage.first(20));
        assertEquals(List.of(2, -2), history.stream().filter(e -> e.group().equals(EVAL)).map(UsageEvent::change).toList(),
                "eval's events add up to its count: 2 uses, then a re-roll of -2");
    }

    @Test
    void a_group_counts_records_created_after_it_was_declared() {
        RunId run = RunId.of(unique("run"));
        store().consumerGroups().declare(run, EVAL);
        List<Trajectory> rows = run(run.value(), 3);
        Map<Long, Integer> counts = new HashMap<>();
        IntStream.range(0, 2).forEach(i -> in(EVAL).claims().claim(ClaimRequest.of(3).inRun(run).usedBelow(2))
                .forEach(record -> counts.merge(record.id(), 1, Integer::sum)));
        assertEquals(Map.of(rows.get(0).id(), 2, rows.get(1).id(), 2, rows.get(2).id(), 2), counts);
    }

    @Test
    void reads_searches_tasks_and_the_timeline_of_a_group_show_its_counts() {
        String run = unique("run");
        List<Trajectory> rows = tasks(run, 2, 2);
        RunId runId = RunId.of(run);
        assertEquals(0, in(EVAL).trajectories().findById(rows.get(0).id()).orElseThrow().used(), "a group not declared counts 0");
        assertEquals(4, in(EVAL).trajectories().count(TrajectoryFilter.ofRun(runId).usedAtMost(0)));
        in(EVAL).usage().useAll(List.of(rows.get(0).trajectoryId(), rows.get(1).trajectoryId()), UsageLimit.once());
        store().usage().use(rows.get(2).trajectoryId(), UsageLimit.once());

        assertEquals(1, in(EVAL).trajectories().findByTrajectoryId(rows.get(0).trajectoryId()).orElseThrow().used());
        assertEquals(0, store().trajectories().findById(rows.get(0).id()).orElseThrow().used());
        assertEquals(ids(rows.subList(0, 2)), ids(in(EVAL).trajectories().find(TrajectoryFilter.ofRun(runId).usedAtLeast(1), PageRequest.first(10))));
        assertEquals(List.of(1, 1, 0, 0), in(EVAL).trajectories().find(TrajectoryFilter.ofRun(runId), PageRequest.first(10)).stream()
                .map(Trajectory::used).toList());
        assertEquals(2, in(EVAL).trajectories().count(TrajectoryFilter.ofRun(runId).usedAtMost(0)));
        assertEquals("runId", assertThrows(InvalidInputException.class, () -> in(EVAL).trajectories().count(TrajectoryFilter.all())).field());

        List<TaskSummary> evalTasks = in(EVAL).overviews().tasks(runId, GroupCriteria.ofSize(2), KeyPage.first(10));
        assertEquals(List.of(false, true), evalTasks.stream().map(TaskSummary::eligible).toList(), "eval used task-0's members");
        assertEquals(List.of(1, 0), evalTasks.stream().map(TaskSummary::leastUsed).toList());
        assertEquals(List.of(true, false), store().overviews().tasks(runId, GroupCriteria.ofSize(2), KeyPage.first(10)).stream()
                .map(TaskSummary::eligible).toList(), "the default group used one of task-1's");
        assertEquals(List.of(true, true), in(TRAINER).overviews().tasks(runId, GroupCriteria.ofSize(2), KeyPage.first(10)).stream()
                .map(TaskSummary::eligible).toList(), "trainer used nothing");

        RunSummary evalRun = in(EVAL).overviews().runs(KeyPage.first(1_000)).stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow();
        assertEquals(List.of(4L, 2L, 2L), List.of(evalRun.trajectories(), evalRun.unused(), evalRun.totalUses()), "the runs overview by eval's counts");
        RunSummary trainerRun = in(TRAINER).overviews().runs(KeyPage.first(1_000)).stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow();
        assertEquals(List.of(4L, 4L, 0L), List.of(trainerRun.trajectories(), trainerRun.unused(), trainerRun.totalUses()));

        Instant now = Instant.now();
        TimeBuckets buckets = TimeBuckets.covering(now.minusSeconds(3600), now.plusSeconds(3600), Duration.ofHours(2));
        assertEquals(2, in(EVAL).overviews().timeline(runId, buckets).points().get(0).used(), "eval's two uses");
        assertEquals(1, store().overviews().timeline(runId, buckets).points().get(0).used(), "the default group's one");
    }

    @Test
    void a_backup_reads_each_records_group_counts_and_a_restore_sets_them_with_their_history() {
        String run = unique("run");
        List<Trajectory> rows = run(run, 2);
        in(EVAL).usage().useAll(List.of(rows.get(0).trajectoryId(), rows.get(0).trajectoryId()), UsageLimit.by(1));
        assertEquals(Map.of(rows.get(0).id(), Map.of(EVAL, 2)), store().backups().groupCountsOf(rows));
        assertTrue(store().consumerGroups().runs().contains(RunId.of(run)));

        String copy = unique("run");
        Trajectory original = store().trajectories().findById(rows.get(0).id()).orElseThrow();
        List<UsageEvent> history = store().backups().historyOf(List.of(original));
        NewTrajectory again = aDataset().withRunId(copy).build();
        List<UsageEvent> moved = history.stream().map(event -> new UsageEvent(0, again.trajectoryId(), again.runId(), event.change(),
                event.kind(), event.at(), event.idempotencyKey(), event.consumer(), event.group())).toList();
        Trajectory restored = store().backups().restore(List.of(new RestoredTrajectory(again, moved, Map.of(EVAL, 2))), false).get(0);
        assertEquals(new GroupSummary(RunId.of(copy), EVAL, 1, 0, 2), store().consumerGroups().find(RunId.of(copy), EVAL).orElseThrow());
        assertEquals(0, store().trajectories().findById(restored.id()).orElseThrow().used());
        assertEquals(List.of(EVAL), store().backups().historyOf(List.of(restored)).stream().map(UsageEvent::group).toList());

        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> new RestoredTrajectory(again, moved, Map.of(EVAL, 3)));
        assertEquals("consumer_groups", refused.field());
    }

    /** Carries a unit's result out of it while rolling it back. */
    static final class Undo extends RuntimeException {
        final transient List<Trajectory> taken;

        Undo(List<Trajectory> taken) {
            super("undo", null, false, false);
            this.taken = taken;
        }
    }
}
