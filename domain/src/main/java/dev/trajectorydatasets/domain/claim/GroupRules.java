package dev.trajectorydatasets.domain.claim;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.Random;

/**
 * {@link GroupCriteria} made concrete for one run (its latest checkpoints resolved): the one place the group
 * rules are written. The in-memory store runs {@link #select} as is; SQL stores find candidate tasks with an
 * aggregate query, lock their members, and judge and pick them with {@link #admitsTask} and {@link #pick}.
 */
public final class GroupRules {

    /** The order a task's members are picked in: newest model version first, ties by id. */
    public static final Comparator<Trajectory> MEMBER_ORDER =
            Comparator.comparingInt(Trajectory::modelVersion).reversed().thenComparingLong(Trajectory::id);

    private final GroupCriteria criteria;
    /** The fresh model versions when freshness is "latest checkpoints"; null otherwise. */
    private final Set<Integer> freshVersions;

    private GroupRules(GroupCriteria criteria, Set<Integer> freshVersions) {
        this.criteria = criteria;
        this.freshVersions = freshVersions;
    }

    /**
     * @param latestVersions the run's newest registered checkpoint versions, newest first, at least
     *                       {@code criteria.latestCheckpoints()} of them when the run has that many (ignored
     *                       unless that rule is given)
     */
    public static GroupRules of(GroupCriteria criteria, List<Integer> latestVersions) {
        DatasetRules.required("criteria", criteria);
        if (criteria.latestCheckpoints().isEmpty()) {
            return new GroupRules(criteria, null);
        }
        int n = criteria.latestCheckpoints().getAsInt();
        return new GroupRules(criteria, Set.copyOf(latestVersions.subList(0, Math.min(n, latestVersions.size()))));
    }

    public GroupCriteria criteria() {
        return criteria;
    }

    /** The fresh versions to filter on; empty when freshness is not "latest checkpoints". */
    public List<Integer> freshVersions() {
        return freshVersions == null ? List.of() : freshVersions.stream().sorted().toList();
    }

    /** Whether freshness is a set of versions (which may be empty: then nothing is eligible). */
    public boolean freshnessIsVersionSet() {
        return freshVersions != null;
    }

    public OptionalInt modelVersionMin() {
        return criteria.modelVersionMin();
    }

    /** Whether {@code dataset} (a record of the run) may be a member of a group. */
    public boolean admits(Trajectory dataset) {
        return dataset.taskId().isPresent()
                && dataset.used() < criteria.maxUsed()
                && (!criteria.needsReward() || dataset.reward().isPresent())
                && (criteria.modelVersionMin().isEmpty() || dataset.modelVersion() >= criteria.modelVersionMin().getAsInt())
                && (freshVersions == null || freshVersions.contains(dataset.modelVersion()));
    }

    /** Whether a task whose eligible members are {@code members} may be taken as a group. */
    public boolean admitsTask(Collection<Trajectory> members) {
        boolean rewarded = criteria.needsReward();
        return admitsTask(members.size(), rewarded ? members.stream().mapToDouble(member -> member.reward().orElseThrow()).sum() : 0,
                rewarded ? members.stream().filter(GroupRules::positive).count() : 0);
    }

    /**
     * {@link #admitsTask(Collection)} from what a store can add up without reading the members: how many there are,
     * the sum of their rewards and how many rewards are above 0 (both only read when the criteria need rewards).
     */
    public boolean admitsTask(long members, double rewardSum, long positives) {
        if (members < criteria.groupSize()) {
            return false;
        }
        if (criteria.meanRewardMin().isPresent() || criteria.meanRewardMaxExclusive().isPresent()) {
            double mean = rewardSum / members;
            if (criteria.meanRewardMin().isPresent() && mean < criteria.meanRewardMin().getAsDouble()) {
                return false;
            }
            if (criteria.meanRewardMaxExclusive().isPresent() && mean >= criteria.meanRewardMaxExclusive().getAsDouble()) {
                return false;
            }
        }
        return !criteria.mixedRewards() || (positives > 0 && positives < members);
    }

    /**
     * The {@code groupSize} members a group takes from an eligible task's members, in {@link #MEMBER_ORDER}: with
     * mixed rewards the first positive and the first non-positive member, then the rest in that order.
     */
    public List<Trajectory> pick(Collection<Trajectory> members) {
        List<Trajectory> ordered = new ArrayList<>(members);
        ordered.sort(MEMBER_ORDER);
        List<Trajectory> picked = new ArrayList<>(criteria.groupSize());
        if (criteria.mixedRewards()) {
            ordered.stream().filter(GroupRules::positive).findFirst().ifPresent(picked::add);
            ordered.stream().filter(member -> !positive(member)).findFirst().ifPresent(picked::add);
        }
        for (Trajectory member : ordered) {
            if (picked.size() == criteria.groupSize()) {
                break;
            }
            if (!picked.contains(member)) {
                picked.add(member);
            }
        }
        picked.sort(MEMBER_ORDER);
        return List.copyOf(picked);
    }

    /**
     * The whole rule on a run's records: which groups a claim of {@code request} takes (records before their use
     * is counted) and how many tasks were eligible.
     */
    public GroupClaim select(Iterable<Trajectory> runRecords, GroupClaimRequest request, Random random) {
        Map<TaskId, List<Trajectory>> byTask = new HashMap<>();
        for (Trajectory dataset : runRecords) {
            if (admits(dataset)) {
                byTask.computeIfAbsent(dataset.taskId().orElseThrow(), task -> new ArrayList<>()).add(dataset);
            }
        }
        List<TaskStanding> eligible = new ArrayList<>();
        byTask.forEach((task, members) -> {
            if (admitsTask(members)) {
                eligible.add(standing(members, request.order()));
            }
        });
        if (eligible.size() < request.minGroups()) {
            return GroupClaim.nothing(eligible.size());
        }
        arrange(eligible, request.order(), random);
        List<TaskGroup> groups = new ArrayList<>();
        for (TaskStanding task : eligible.subList(0, Math.min(request.maxGroups(), eligible.size()))) {
            groups.add(new TaskGroup(task.taskId(), pick(byTask.get(task.taskId()))));
        }
        return GroupClaim.took(groups);
    }

    /** Puts {@code tasks} in the claim's order, in place. */
    public static void arrange(List<TaskStanding> tasks, TaskOrder order, Random random) {
        if (order == TaskOrder.RANDOM) {
            Collections.shuffle(tasks, random);
        } else {
            tasks.sort(TaskStanding.order(order));
        }
    }

    /** A task's standing from its eligible members: its first member in the order's walk ({@link TaskStanding}). */
    public static TaskStanding standing(Collection<Trajectory> members, TaskOrder order) {
        Comparator<Trajectory> walk = Comparator.comparing(Trajectory::createdAt).thenComparingLong(Trajectory::id);
        Trajectory first = order == TaskOrder.NEWEST_TASK ? members.stream().max(walk).orElseThrow() : members.stream().min(walk).orElseThrow();
        return TaskStanding.of(first);
    }

    private static boolean positive(Trajectory member) {
        return member.reward().orElseThrow() > 0;
    }
}
