package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.claim.TaskOrder;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import static dev.trajectorydatasets.domain.DatasetFixtures.T0;
import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static dev.trajectorydatasets.domain.DatasetFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every store promises about the usage history; part of {@link DatasetPortContract}: every change to
 * {@code used} has its event, written in the same unit of work, so {@code used} is always the sum of them.
 */
public abstract class UsageHistoryContract {

    protected abstract DatasetPort store();

    private List<UsageEvent> history(TrajectoryId id) {
        return store().history().events(UsageEventFilter.ofTrajectory(id), KeyPage.first(PageRequest.MAX_LIMIT));
    }

    private List<String> changes(TrajectoryId id) {
        return history(id).stream().map(e -> e.kind() + " " + e.change()).toList();
    }

    /** The invariant: for every record, {@code used} is the sum of its history's changes. */
    protected void assertHistoryExplainsUsed(RunId run) {
        List<Trajectory> records = store().trajectories().find(TrajectoryFilter.ofRun(run), PageRequest.first(PageRequest.MAX_LIMIT));
        for (Trajectory record : records) {
            int sum = history(record.trajectoryId()).stream().mapToInt(UsageEvent::change).sum();
            assertEquals(record.used(), sum, "history of " + record.trajectoryId());
        }
    }

    @Test
    void every_kind_of_change_to_used_writes_its_event_and_they_sum_to_used() {
        String run = unique("run");
        Trajectory a = store().trajectories().create(aDataset().withRunId(run).withTaskId("t").rewarded(1).used(2).build());
        Trajectory b = store().trajectories().create(aDataset().withRunId(run).withTaskId("t").rewarded(0).build());
        TrajectoryId id = a.trajectoryId();

        store().trajectories().update(id, TrajectoryChanges.none().withUsed(5));
        store().usage().setUsed(List.of(id, b.trajectoryId()), 1);
        store().usage().setUsedEach(java.util.Map.of(id, 8, b.trajectoryId(), 1));
        store().usage().use(id, UsageLimit.by(2));
        store().usage().useAll(List.of(id, id), UsageLimit.once());
        store().trajectories().update(id, TrajectoryChanges.none().withModelVersion(3));
        store().claims().claim(ClaimRequest.of(5).inRun(run).usedBelow(100).ordered(ClaimOrder.OLDEST));
        store().claims().claimGroups(GroupClaimRequest.of(RunId.of(run), GroupCriteria.ofSize(2).usedBelow(100), 1));

        assertEquals(List.of("CREATE 2", "SET 3", "SET -4", "SET 7", "USE 2", "USE 2", "CLAIM 1", "GROUP_CLAIM 1"), changes(id));
        assertEquals(List.of("SET 1", "CLAIM 1", "GROUP_CLAIM 1"), changes(b.trajectoryId()));
        assertEquals(14, store().trajectories().findById(a.id()).orElseThrow().used());
        assertHistoryExplainsUsed(RunId.of(run));
        UsageEvent first = history(id).get(0);
        assertEquals(Optional.of(RunId.of(run)), first.runId());
        assertEquals(Optional.empty(), first.consumer());
        assertTrue(history(id).get(0).id() < history(id).get(1).id(), "oldest first");
    }

    @Test
    void a_unit_of_work_writes_its_origin_on_its_events_and_a_failed_one_writes_none() {
        Trajectory record = store().trajectories().create(aDataset().withRunId(unique("run")).build());
        UsageOrigin origin = UsageOrigin.consumer("trainer-7").withKey(IdempotencyKey.of("step-41"));

        store().attributedTo(origin).usage().use(record.trajectoryId(), UsageLimit.once());
        assertThrows(IllegalStateException.class, () -> store().attributedTo(origin).inTransaction(tx -> {
            tx.usage().use(record.trajectoryId(), UsageLimit.once());
            throw new IllegalStateException("training failed");
        }));

        List<UsageEvent> events = history(record.trajectoryId());
        assertEquals(1, events.size());
        assertEquals(Optional.of("trainer-7"), events.get(0).consumer());
        assertEquals(Optional.of(IdempotencyKey.of("step-41")), events.get(0).idempotencyKey());
        assertEquals(1, store().trajectories().findById(record.id()).orElseThrow().used());

        List<Trajectory> claimed = store().attributedTo(UsageOrigin.consumer("trainer-8"))
                .claims().claim(ClaimRequest.of(1).inRun(record.runId().orElseThrow()).usedBelow(5));
        assertEquals(List.of(record.trajectoryId()), claimed.stream().map(Trajectory::trajectoryId).toList());
        assertEquals(Optional.of("trainer-8"), history(record.trajectoryId()).get(1).consumer());
        assertEquals(Optional.empty(), history(record.trajectoryId()).get(1).idempotencyKey());
    }

    @Test
    void deleting_a_record_or_a_run_deletes_its_history_and_nothing_else() {
        String run = unique("run");
        String other = unique("run");
        Trajectory gone = store().trajectories().create(aDataset().withRunId(run).used(1).build());
        Trajectory kept = store().trajectories().create(aDataset().withRunId(other).used(1).build());
        Trajectory runMember = store().trajectories().create(aDataset().withRunId(run).used(3).build());

        store().trajectories().delete(gone.trajectoryId());
        assertEquals(List.of(), history(gone.trajectoryId()));
        Trajectory again = store().trajectories().create(aDataset().withTrajectoryId(gone.trajectoryId()).withRunId(other).build());
        assertEquals(List.of(), history(again.trajectoryId()), "a new record under the same id starts a new history");
        store().trajectories().deleteByRunId(RunId.of(run));

        assertEquals(List.of(), history(runMember.trajectoryId()));
        assertEquals(List.of("CREATE 1"), changes(kept.trajectoryId()));
    }

    @Test
    void a_runs_history_pages_oldest_first_and_filters_by_time() {
        RunId run = RunId.of(unique("run"));
        List<Trajectory> records = store().trajectories().createAll(IntStream.range(0, 5).mapToObj(i -> aDataset().withRunId(run.value()).build()).toList());
        records.forEach(r -> store().usage().use(r.trajectoryId(), UsageLimit.once()));

        List<UsageEvent> firstTwo = store().history().events(UsageEventFilter.ofRun(run), KeyPage.first(2));
        List<UsageEvent> rest = store().history().events(UsageEventFilter.ofRun(run), KeyPage.after(firstTwo.get(1).id(), 10));

        assertEquals(records.subList(0, 2).stream().map(Trajectory::trajectoryId).toList(), firstTwo.stream().map(UsageEvent::trajectoryId).toList());
        assertEquals(3, rest.size());
        assertEquals(List.of(), store().history().events(UsageEventFilter.ofRun(run).between(Optional.of(T0.minusSeconds(10)),
                Optional.of(T0.minusSeconds(5))), KeyPage.first(10)));
        UsageEvent last = rest.get(2);
        assertEquals(List.of(last), store().history().events(UsageEventFilter.ofRun(run).between(Optional.of(last.at()), Optional.of(last.at())),
                KeyPage.after(rest.get(1).id(), 10)));
    }

    @Test
    void under_concurrent_uses_claims_group_claims_and_sets_used_is_always_the_sum_of_history() throws Exception {
        RunId run = RunId.of(unique("run"));
        List<NewTrajectory> rows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            rows.add(aDataset().withRunId(run.value()).withTaskId("task_" + i / 4).rewarded(i % 2).build());
        }
        List<Trajectory> records = store().trajectories().createAll(rows);
        List<TrajectoryId> ids = records.stream().map(Trajectory::trajectoryId).toList();

        Together.run(IntStream.range(0, 8).<Callable<Integer>>mapToObj(worker -> () -> {
            for (int step = 0; step < 25; step++) {
                switch ((worker + step) % 5) {
                    case 0 -> store().usage().use(ids.get((worker * 7 + step) % ids.size()), UsageLimit.onceBelow(6));
                    case 1 -> store().usage().useAll(ids.subList(step, step + 10), UsageLimit.onceBelow(6));
                    case 2 -> store().claims().claim(ClaimRequest.of(6).inRun(run).usedBelow(6).ordered(ClaimOrder.RANDOM));
                    case 3 -> store().claims().claimGroups(GroupClaimRequest.of(run, GroupCriteria.ofSize(2).usedBelow(6), 1).groups(1, 2)
                            .ordered(TaskOrder.RANDOM));
                    default -> {
                        if (step % 2 == 0) {
                            store().usage().setUsed(ids.subList(100 + step % 10, 110), step % 3);
                        } else {
                            // A value each, over rows the others claim and use, listed in an order of its own.
                            java.util.Map<TrajectoryId, Integer> values = new java.util.LinkedHashMap<>();
                            for (int i = 0; i < 60; i++) {
                                int at = 60 + (i * (worker + 1) * 7) % 60;
                                values.put(ids.get(at), (at + worker) % 4);
                            }
                            assertEquals(values.size(), store().usage().setUsedEach(values));
                        }
                    }
                }
            }
            return 0;
        }).toList());

        assertHistoryExplainsUsed(run);
    }

    /** Issue 35: a re-roll resets uses in one step recorded in the history, and races with uses never break the sum. */
    @Test
    void a_reroll_sets_the_model_version_and_used_0_with_a_reroll_event_and_races_with_uses_keep_the_sum() throws Exception {
        String run = unique("run");
        Trajectory record = store().trajectories().create(aDataset().withRunId(run).withModelVersion(1).used(3).build());
        TrajectoryId id = record.trajectoryId();

        Trajectory rerolled = store().trajectories().reroll(id, TrajectoryChanges.none().withModelVersion(4).withReward(0.5)).orElseThrow();

        assertEquals(List.of(0, 4), List.of(rerolled.used(), rerolled.modelVersion()));
        assertEquals(java.util.OptionalDouble.of(0.5), rerolled.reward());
        assertEquals(List.of("CREATE 3", "REROLL -3"), changes(id));
        store().trajectories().reroll(id, TrajectoryChanges.none().withModelVersion(5));
        assertEquals(List.of("CREATE 3", "REROLL -3", "REROLL 0"), changes(id), "a re-roll of an unused record shows too");
        assertTrue(store().trajectories().reroll(TrajectoryId.of(unique("missing")), TrajectoryChanges.none().withModelVersion(1)).isEmpty());

        List<Callable<Integer>> racers = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            boolean rerolls = thread == 0;
            racers.add(() -> {
                for (int i = 0; i < 15; i++) {
                    if (rerolls) {
                        store().trajectories().reroll(id, TrajectoryChanges.none().withModelVersion(6 + i));
                    } else {
                        store().usage().use(id, UsageLimit.once());
                    }
                }
                return 0;
            });
        }
        Together.run(racers);
        Trajectory after = store().trajectories().findByTrajectoryId(id).orElseThrow();
        assertEquals(20, after.modelVersion());
        assertEquals(after.used(), history(id).stream().mapToInt(UsageEvent::change).sum(), "used is the sum of its history");
        List<String> kinds = changes(id);
        int lastReroll = -1;
        for (int i = 0; i < kinds.size(); i++) {
            lastReroll = kinds.get(i).startsWith("REROLL") ? i : lastReroll;
        }
        assertEquals(kinds.size() - 1 - lastReroll, after.used(), "every use after the last re-roll counts, none before it");
        assertEquals(3 * 15 + 1, kinds.stream().filter(k -> k.startsWith("USE") || k.startsWith("CREATE")).count());
    }
}
