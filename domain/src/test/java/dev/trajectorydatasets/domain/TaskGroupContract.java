package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.checkpoint.DuplicateCheckpointException;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.claim.GroupRules;
import dev.trajectorydatasets.domain.overview.ModelVersionSummary;
import dev.trajectorydatasets.domain.checkpoint.NewCheckpoint;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.claim.TaskOrder;
import dev.trajectorydatasets.domain.overview.TaskSummary;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import static dev.trajectorydatasets.domain.DatasetFixtures.T0;
import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static dev.trajectorydatasets.domain.DatasetFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every store promises about tasks, rewards, attributes, checkpoints and group claims; part of
 * {@link DatasetPortContract}. Group claims are replayed against {@link #bruteForce}, a second, deliberately naive
 * reading of the rules, on a generated run.
 */
public abstract class TaskGroupContract {

    protected abstract DatasetPort store();

    // ---- fields ----

    @Test
    void task_reward_and_attributes_are_stored_and_returned_as_given() {
        String json = "{\"trace_id\":\"t-1\",\"chunks\":3,\"nested\":{\"list\":[1,2.5,null,true]},\"text\":\"instruction \\u00e9 \u00e9 \ud83d\ude00\"}";
        NewTrajectory draft = aDataset().withRunId(unique("run")).withTaskId("task \u00e9").rewarded(-0.75).withAttributes(json).build();

        Trajectory created = store().trajectories().create(draft);

        assertEquals(draft.stored(created.id()), created);
        Trajectory read = store().trajectories().findById(created.id()).orElseThrow();
        assertEquals(created, read);
        assertEquals(json, read.attributes().orElseThrow().json());
        List<Trajectory> batch = store().trajectories().createAll(List.of(aDataset().withTaskId("t").rewarded(1e300).withAttributes("{}").build(),
                aDataset().build()));
        assertEquals(batch, batch.stream().map(d -> store().trajectories().findById(d.id()).orElseThrow()).toList());
    }

    @Test
    void updates_set_and_clear_task_reward_and_attributes() {
        Trajectory created = store().trajectories().create(aDataset().withRunId(unique("run")).build());

        Trajectory set = store().trajectories().update(created.trajectoryId(), TrajectoryChanges.none().withTaskId(TaskId.of("t1")).withReward(0.5)
                .withAttributes(Attributes.of("{\"a\":1}"))).orElseThrow();
        assertEquals(Optional.of(TaskId.of("t1")), set.taskId());
        assertEquals(OptionalDouble.of(0.5), set.reward());
        assertEquals("{\"a\":1}", set.attributes().orElseThrow().json());
        assertEquals(set, store().trajectories().findById(created.id()).orElseThrow());

        Trajectory cleared = store().trajectories().update(created.trajectoryId(), TrajectoryChanges.none().withoutTaskId().withoutReward()
                .withoutAttributes()).orElseThrow();
        assertEquals(created, cleared);
        assertEquals(created, store().trajectories().findById(created.id()).orElseThrow());
    }

    @Test
    void search_and_count_filter_by_task_and_inclusive_reward_bounds_scored_records_only() {
        String run = unique("run");
        store().trajectories().createAll(List.of(
                aDataset().withRunId(run).withTaskId("a").rewarded(0.0).build(),
                aDataset().withRunId(run).withTaskId("a").rewarded(0.5).build(),
                aDataset().withRunId(run).withTaskId("a").build(),
                aDataset().withRunId(run).withTaskId("b").rewarded(1.0).build()));

        assertEquals(3, store().trajectories().count(TrajectoryFilter.ofRun(run).ofTask("a")));
        assertEquals(2, store().trajectories().count(TrajectoryFilter.ofRun(run).ofTask("a").rewardAtLeast(0.0)));
        assertEquals(3, store().trajectories().count(TrajectoryFilter.ofRun(run).rewardAtLeast(0.0).rewardAtMost(1.0)));
        assertEquals(2, store().trajectories().count(TrajectoryFilter.ofRun(run).rewardAtLeast(0.5)));
        assertEquals(1, store().trajectories().find(TrajectoryFilter.ofRun(run).rewardAtMost(0.0), PageRequest.first()).size());
        assertThrows(InvalidInputException.class, () -> TrajectoryFilter.ofRun(run).rewardAtLeast(1).rewardAtMost(0));
    }

    // ---- checkpoints ----

    @Test
    void checkpoint_versions_start_at_the_initial_zero_and_count_up_and_list_newest_first() {
        RunId run = RunId.of(unique("run"));
        assertEquals(0, register(run, "/ckpt/init", true).version());
        assertEquals(1, register(run, "/ckpt/1", false).version());
        assertEquals(2, register(run, "/ckpt/2", false).version());
        DuplicateCheckpointException again = assertThrows(DuplicateCheckpointException.class, () -> register(run, "/x", true));
        assertEquals(0, again.version());

        List<Checkpoint> newest = store().checkpoints().ofRun(run, KeyPage.first(2));
        assertEquals(List.of(2, 1), newest.stream().map(Checkpoint::version).toList());
        assertEquals("/ckpt/2", newest.get(0).path());
        assertEquals(T0, newest.get(0).createdAt());
        assertEquals(List.of(0), store().checkpoints().ofRun(run, KeyPage.after(1, 10)).stream().map(Checkpoint::version).toList());
        assertEquals(List.of(), store().checkpoints().ofRun(RunId.of(unique("run")), KeyPage.first(10)));
    }

    @Test
    void a_run_without_an_initial_checkpoint_starts_at_one() {
        RunId run = RunId.of(unique("run"));
        assertEquals(1, register(run, "/a", false).version());
        assertEquals(0, register(run, "/init", true).version());
        assertEquals(2, register(run, "/b", false).version());
    }

    @Test
    void sixteen_concurrent_registrations_get_sixteen_consecutive_versions() throws Exception {
        RunId run = RunId.of(unique("run"));
        register(run, "/init", true);
        List<Integer> versions = Together.run(IntStream.range(0, 16)
                .<Callable<Integer>>mapToObj(i -> () -> register(run, "/ckpt/" + i, false).version()).toList());

        assertEquals(IntStream.rangeClosed(1, 16).boxed().toList(), versions.stream().sorted().toList());
    }

    // ---- group claims ----

    @Test
    void group_claims_replayed_on_a_generated_run_take_what_the_brute_force_reference_takes() {
        Random random = new Random(20261129);
        RunId run = RunId.of(unique("run"));
        generateRun(run, random, 90);
        List<GroupClaimRequest> steps = List.of(
                GroupClaimRequest.of(run, GroupCriteria.ofSize(4).fromLatestCheckpoints(2).meanRewardIn(0, 1).withMixedRewards(), 3).groups(1, 3),
                GroupClaimRequest.of(run, GroupCriteria.ofSize(3).modelVersionAtLeast(2), 2).groups(1, 4).ordered(TaskOrder.NEWEST_TASK),
                GroupClaimRequest.of(run, GroupCriteria.ofSize(2).usedBelow(2).meanRewardAtLeast(0.25), 1).groups(1, 5),
                GroupClaimRequest.of(run, GroupCriteria.ofSize(5).usedBelow(3).meanRewardBelow(0.5), 2).groups(2, 2),
                GroupClaimRequest.of(run, GroupCriteria.ofSize(2).fromLatestCheckpoints(1).withMixedRewards(), 1).groups(1, 100),
                GroupClaimRequest.of(run, GroupCriteria.ofSize(6), 1).groups(1, 1000).ordered(TaskOrder.NEWEST_TASK),
                GroupClaimRequest.of(run, GroupCriteria.ofSize(1).usedBelow(5), 1).groups(1, 50),
                // Past the listed values of used: SQL stores walk one sorted range instead of one per (used, version).
                GroupClaimRequest.of(run, GroupCriteria.ofSize(2).usedBelow(40).meanRewardAtLeast(0), 1).groups(1, 7).ordered(TaskOrder.NEWEST_TASK));
        int claimsThatTook = 0;
        for (int round = 0; round < 3; round++) {
            for (GroupClaimRequest request : steps) {
                List<Trajectory> before = runRecords(run);
                Expected expected = bruteForce(before, versions(run), request);

                GroupClaim claim = store().claims().claimGroups(request);

                String step = "round " + round + ", " + request;
                assertEquals(expected.eligibleTasks, claim.eligibleTasks(), step);
                assertEquals(expected.groups, summary(claim), step);
                Map<Long, Integer> usedAfter = new HashMap<>();
                runRecords(run).forEach(d -> usedAfter.put(d.id(), d.used()));
                Set<Long> taken = new HashSet<>();
                claim.members().forEach(m -> taken.add(m.id()));
                for (Trajectory record : before) {
                    assertEquals(record.used() + (taken.contains(record.id()) ? 1 : 0), usedAfter.get(record.id()), step);
                }
                for (Trajectory member : claim.members()) {
                    assertEquals(usedAfter.get(member.id()), member.used(), "members come back after the change");
                }
                claimsThatTook += claim.groups().isEmpty() ? 0 : 1;
            }
        }
        assertTrue(claimsThatTook >= 8, "the generated run lets most steps take something, took " + claimsThatTook);
    }

    @Test
    void fewer_eligible_tasks_than_min_groups_take_nothing_and_say_how_many_were_eligible() {
        RunId run = RunId.of(unique("run"));
        store().trajectories().createAll(List.of(
                member(run, "a", 0, 1.0, 0), member(run, "a", 0, 0.0, 1),
                member(run, "b", 0, 1.0, 2), member(run, "b", 0, 0.0, 3),
                member(run, "c", 0, 1.0, 4)));
        List<Trajectory> before = runRecords(run);

        GroupClaim claim = store().claims().claimGroups(GroupClaimRequest.of(run, GroupCriteria.ofSize(2), 3));

        assertEquals(List.of(), claim.groups());
        assertEquals(java.util.OptionalInt.of(2), claim.eligibleTasks());
        assertEquals(before, runRecords(run));
    }

    @Test
    void mixed_groups_hold_a_positive_and_a_non_positive_reward_then_newest_versions_first() {
        RunId run = RunId.of(unique("run"));
        store().trajectories().createAll(List.of(
                member(run, "t", 5, 1.0, 0), member(run, "t", 5, 0.5, 1), member(run, "t", 4, 1.0, 2),
                member(run, "t", 1, -1.0, 3), member(run, "u", 5, 1.0, 4), member(run, "u", 5, 1.0, 5)));

        GroupClaim claim = store().claims().claimGroups(GroupClaimRequest.of(run, GroupCriteria.ofSize(3).withMixedRewards(), 1).groups(1, 5));

        assertEquals(1, claim.groups().size(), "u has no non-positive reward");
        List<Trajectory> items = claim.groups().get(0).items();
        assertEquals(List.of(5, 5, 1), items.stream().map(Trajectory::modelVersion).toList());
        assertTrue(items.stream().allMatch(item -> item.used() == 1));
    }

    @Test
    void latest_checkpoints_of_a_run_without_checkpoints_admit_nothing() {
        RunId run = RunId.of(unique("run"));
        store().trajectories().createAll(List.of(member(run, "a", 0, 1.0, 0), member(run, "a", 0, 0.0, 1)));

        GroupClaim claim = store().claims().claimGroups(GroupClaimRequest.of(run, GroupCriteria.ofSize(2).fromLatestCheckpoints(2), 1));

        assertEquals(GroupClaim.nothing(0), claim);
    }

    @Test
    void a_group_claim_inside_a_failed_unit_of_work_counts_nothing() {
        RunId run = RunId.of(unique("run"));
        store().trajectories().createAll(List.of(member(run, "a", 0, 1.0, 0), member(run, "a", 0, 0.0, 1)));
        List<Trajectory> before = runRecords(run);

        assertThrows(IllegalStateException.class, () -> store().inTransaction(tx -> {
            assertEquals(1, tx.claims().claimGroups(GroupClaimRequest.of(run, GroupCriteria.ofSize(2), 1)).groups().size());
            throw new IllegalStateException("training step failed");
        }));

        assertEquals(before, runRecords(run));
    }

    @Test
    void concurrent_group_claims_never_take_a_member_twice_nor_pass_max_used() throws Exception {
        RunId run = RunId.of(unique("run"));
        List<NewTrajectory> rows = new ArrayList<>();
        for (int task = 0; task < 60; task++) {
            for (int i = 0; i < 6; i++) {
                rows.add(member(run, "task_" + task, i % 3, i % 2 == 0 ? 1.0 : 0.0, task * 6 + i));
            }
        }
        store().trajectories().createAll(rows);
        GroupClaimRequest request = GroupClaimRequest.of(run, GroupCriteria.ofSize(2).usedBelow(2), 1).groups(1, 3)
                .ordered(TaskOrder.RANDOM);

        List<List<Long>> taken = Together.run(IntStream.range(0, 8).<Callable<List<Long>>>mapToObj(worker -> () -> {
            List<Long> mine = new ArrayList<>();
            for (int step = 0; step < 40; step++) {
                store().claims().claimGroups(request).members().forEach(m -> mine.add(m.id()));
            }
            return mine;
        }).toList());

        Map<Long, Integer> times = new HashMap<>();
        taken.forEach(ids -> ids.forEach(id -> times.merge(id, 1, Integer::sum)));
        List<Trajectory> after = runRecords(run);
        for (Trajectory record : after) {
            int claimed = times.getOrDefault(record.id(), 0);
            assertEquals(claimed, record.used(), "every use returned is counted once, and only those");
            assertTrue(record.used() <= 2, "never past max_used");
        }
        int uses = after.stream().mapToInt(Trajectory::used).sum();
        assertTrue(uses >= after.size(), "8 workers x 40 steps take most of the run, took " + uses + " of " + 2 * after.size());
    }

    /**
     * Issue 30: a claim locked every eligible member of the tasks it judged, so concurrent claims found the few big
     * tasks of a run empty (5 and 10 of 16 claims took nothing on MariaDB while 2,000 rows were free).
     */
    @Test
    void concurrent_claims_of_one_group_each_get_one_from_a_few_big_tasks() throws Exception {
        RunId run = RunId.of(unique("run"));
        List<NewTrajectory> rows = new ArrayList<>();
        for (int task = 0; task < 2; task++) {
            for (int i = 0; i < 200; i++) {
                rows.add(member(run, "big_" + task, 0, i % 2, task * 200 + i));
            }
        }
        store().trajectories().createAll(rows);
        GroupClaimRequest one = GroupClaimRequest.of(run, GroupCriteria.ofSize(4).withMixedRewards(), 1);

        List<GroupClaim> claims = Together.run(IntStream.range(0, 16).<Callable<GroupClaim>>mapToObj(worker ->
                () -> store().claims().claimGroups(one)).toList());

        assertEquals(List.of(), claims.stream().filter(claim -> claim.groups().size() != 1).toList(), "every claim took a group");
        Set<Long> members = new HashSet<>();
        claims.forEach(claim -> claim.members().forEach(member -> assertTrue(members.add(member.id()), "a member taken twice")));
        assertEquals(64, members.size());
        assertTrue(claims.stream().allMatch(claim -> claim.members().stream().anyMatch(m -> m.reward().orElseThrow() > 0)
                && claim.members().stream().anyMatch(m -> m.reward().orElseThrow() <= 0)), "every group has mixed rewards");
    }

    // ---- seeing a run ----

    @Test
    void runs_tasks_and_model_versions_summarise_a_run() {
        RunId run = RunId.of(unique("run"));
        store().trajectories().createAll(List.of(
                member(run, "a", 1, 1.0, 0), member(run, "a", 2, 0.0, 1),
                aDataset().withRunId(run.value()).withTaskId("b").withModelVersion(2).used(3).createdAt(T0.plusSeconds(9)).build(),
                aDataset().withRunId(run.value()).withModelVersion(2).createdAt(T0.plusSeconds(5)).build()));
        register(run, "/init", true);
        register(run, "/v1", false);

        RunSummary summary = store().overviews().runs(KeyPage.first(10_000)).stream().filter(r -> r.runId().equals(run)).findFirst().orElseThrow();
        assertEquals(new RunSummary(run, 4, 3, 3, 2, java.util.OptionalInt.of(1), T0, T0.plusSeconds(9)), summary);

        List<TaskSummary> tasks = store().overviews().tasks(run, GroupCriteria.ofSize(2).meanRewardIn(0, 1), KeyPage.first(10));
        assertEquals(2, tasks.size());
        assertEquals(new TaskSummary(TaskId.of("a"), 2, 2, true, OptionalDouble.of(0.5), 0, 2, T0), tasks.get(0));
        assertEquals(new TaskSummary(TaskId.of("b"), 1, 0, false, OptionalDouble.empty(), 3, 2, T0.plusSeconds(9)), tasks.get(1));
        assertEquals(List.of(tasks.get(1)), store().overviews().tasks(run, GroupCriteria.ofSize(2), KeyPage.after(TaskId.of("a"), 10)));

        List<ModelVersionSummary> versions = store().overviews().modelVersions(run);
        assertEquals(List.of(1, 2), versions.stream().map(ModelVersionSummary::modelVersion).toList());
        assertEquals(new ModelVersionSummary(1, 1, 1, OptionalDouble.of(1.0), OptionalDouble.of(1.0), 1), versions.get(0));
        assertEquals(new ModelVersionSummary(2, 3, 1, OptionalDouble.of(0.0), OptionalDouble.of(0.0), 2), versions.get(1));
    }

    @Test
    void runs_page_by_run_id() {
        List<RunId> all = new ArrayList<>();
        for (RunSummary run : store().overviews().runs(KeyPage.first(3))) {
            all.add(run.runId());
        }
        if (all.size() == 3) {
            List<RunSummary> next = store().overviews().runs(KeyPage.after(all.get(1), 1));
            assertEquals(List.of(all.get(2)), next.stream().map(RunSummary::runId).toList());
        }
    }

    @Test
    void deleting_a_task_of_a_run_leaves_its_other_tasks_and_other_runs() {
        RunId run = RunId.of(unique("run"));
        RunId other = RunId.of(unique("run"));
        store().trajectories().createAll(List.of(member(run, "a", 0, 1.0, 0), member(run, "a", 0, 1.0, 1), member(run, "b", 0, 1.0, 2),
                member(other, "a", 0, 1.0, 3)));

        assertEquals(2, store().trajectories().deleteByTask(run, TaskId.of("a")));
        assertEquals(1, store().trajectories().count(TrajectoryFilter.ofRun(run)));
        assertEquals(1, store().trajectories().count(TrajectoryFilter.ofRun(other)));
        assertEquals(0, store().trajectories().deleteByTask(run, TaskId.of("a")));
    }

    // ---- the reference ----

    /** What a claim must return: per group, the task and its members' ids in order; and the eligible count. */
    private record Expected(List<Map.Entry<String, List<Long>>> groups, java.util.OptionalInt eligibleTasks) {
    }

    /**
     * The rules of a group claim read as plainly as possible, independent of {@link GroupRules}: filter, group,
     * judge, sort, trim.
     */
    static Expected bruteForce(List<Trajectory> run, List<Integer> versionsNewestFirst, GroupClaimRequest request) {
        GroupCriteria c = request.criteria();
        boolean rewardRule = c.meanRewardMin().isPresent() || c.meanRewardMaxExclusive().isPresent() || c.mixedRewards();
        Set<Integer> fresh = c.latestCheckpoints().isPresent()
                ? new HashSet<>(versionsNewestFirst.subList(0, Math.min(versionsNewestFirst.size(), c.latestCheckpoints().getAsInt())))
                : null;
        Map<String, List<Trajectory>> tasks = new LinkedHashMap<>();
        for (Trajectory d : run) {
            boolean ok = d.taskId().isPresent() && d.used() < c.maxUsed()
                    && (!rewardRule || d.reward().isPresent())
                    && (c.modelVersionMin().isEmpty() || d.modelVersion() >= c.modelVersionMin().getAsInt())
                    && (fresh == null || fresh.contains(d.modelVersion()));
            if (ok) {
                tasks.computeIfAbsent(d.taskId().get().value(), k -> new ArrayList<>()).add(d);
            }
        }
        List<String> eligible = new ArrayList<>();
        for (Map.Entry<String, List<Trajectory>> task : tasks.entrySet()) {
            List<Trajectory> m = task.getValue();
            if (m.size() < c.groupSize()) {
                continue;
            }
            if (c.meanRewardMin().isPresent() || c.meanRewardMaxExclusive().isPresent()) {
                double sum = 0;
                for (Trajectory d : m) {
                    sum += d.reward().getAsDouble();
                }
                double mean = sum / m.size();
                if ((c.meanRewardMin().isPresent() && mean < c.meanRewardMin().getAsDouble())
                        || (c.meanRewardMaxExclusive().isPresent() && mean >= c.meanRewardMaxExclusive().getAsDouble())) {
                    continue;
                }
            }
            if (c.mixedRewards() && (m.stream().noneMatch(d -> d.reward().getAsDouble() > 0)
                    || m.stream().noneMatch(d -> d.reward().getAsDouble() <= 0))) {
                continue;
            }
            eligible.add(task.getKey());
        }
        if (eligible.size() < request.minGroups()) {
            return new Expected(List.of(), java.util.OptionalInt.of(eligible.size()));
        }
        // Oldest: by each task's earliest member (created_at, then id), ascending. Newest: by its latest, descending.
        Comparator<Trajectory> walk = Comparator.comparing(Trajectory::createdAt).thenComparingLong(Trajectory::id);
        Map<String, Trajectory> standing = new HashMap<>();
        for (String task : eligible) {
            List<Trajectory> sorted = new ArrayList<>(tasks.get(task));
            sorted.sort(walk);
            standing.put(task, request.order() == TaskOrder.NEWEST_TASK ? sorted.get(sorted.size() - 1) : sorted.get(0));
        }
        Comparator<String> byStanding = (a, b) -> walk.compare(standing.get(a), standing.get(b));
        eligible.sort(request.order() == TaskOrder.NEWEST_TASK ? byStanding.reversed() : byStanding);
        Comparator<Trajectory> memberOrder = Comparator.comparingInt((Trajectory d) -> -d.modelVersion()).thenComparingLong(Trajectory::id);
        List<Map.Entry<String, List<Long>>> groups = new ArrayList<>();
        for (String task : eligible.subList(0, Math.min(request.maxGroups(), eligible.size()))) {
            List<Trajectory> sorted = new ArrayList<>(tasks.get(task));
            sorted.sort(memberOrder);
            List<Trajectory> picked = new ArrayList<>();
            if (c.mixedRewards()) {
                picked.add(sorted.stream().filter(d -> d.reward().getAsDouble() > 0).findFirst().get());
                picked.add(sorted.stream().filter(d -> d.reward().getAsDouble() <= 0).findFirst().get());
            }
            for (Trajectory d : sorted) {
                if (picked.size() < c.groupSize() && !picked.contains(d)) {
                    picked.add(d);
                }
            }
            picked.sort(memberOrder);
            groups.add(Map.entry(task, picked.stream().map(Trajectory::id).toList()));
        }
        return new Expected(groups, java.util.OptionalInt.empty());
    }

    private static List<Map.Entry<String, List<Long>>> summary(GroupClaim claim) {
        return claim.groups().stream().map(g -> Map.entry(g.taskId().value(), g.items().stream().map(Trajectory::id).toList())).toList();
    }

    // ---- helpers ----

    /** Tasks of 1 to 12 rollouts over versions 0..4; rewards are quarters (exact in binary, so means are exact). */
    private void generateRun(RunId run, Random random, int taskCount) {
        List<NewTrajectory> rows = new ArrayList<>();
        for (int task = 0; task < taskCount; task++) {
            int size = 1 + random.nextInt(12);
            for (int i = 0; i < size; i++) {
                DatasetFixtures.Builder row = aDataset().withRunId(run.value()).used(random.nextInt(10) < 7 ? 0 : random.nextInt(3))
                        .withModelVersion(random.nextInt(5)).createdAt(T0.plusSeconds(random.nextInt(400)));
                if (random.nextInt(20) > 0) {
                    row.withTaskId("task_" + task);
                }
                if (random.nextInt(10) > 0) {
                    row.rewarded((random.nextInt(9) - 3) / 4.0);
                }
                rows.add(row.build());
            }
        }
        // Shuffled, so ids and created_at disagree and both tie-breaks matter.
        java.util.Collections.shuffle(rows, random);
        store().trajectories().createAll(rows);
        for (int v = 0; v <= 4; v++) {
            register(run, "/ckpt/" + v, v == 0);
        }
    }

    private static NewTrajectory member(RunId run, String task, int modelVersion, double reward, int second) {
        return aDataset().withRunId(run.value()).withTaskId(task).withModelVersion(modelVersion).rewarded(reward)
                .createdAt(T0.plusSeconds(second)).build();
    }

    private Checkpoint register(RunId run, String path, boolean initial) {
        return store().checkpoints().register(new NewCheckpoint(run, path, initial, T0));
    }

    private List<Integer> versions(RunId run) {
        return store().checkpoints().ofRun(run, KeyPage.first(10_000)).stream().map(Checkpoint::version).toList();
    }

    private List<Trajectory> runRecords(RunId run) {
        return store().trajectories().find(TrajectoryFilter.ofRun(run), PageRequest.first(PageRequest.MAX_LIMIT));
    }
}
