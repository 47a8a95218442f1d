package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.GroupClaim;
import dev.trajectorydatasets.domain.GroupClaimRequest;
import dev.trajectorydatasets.domain.GroupCriteria;
import dev.trajectorydatasets.domain.GroupRules;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskGroup;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TaskStanding;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A group claim in SQL, inside the claim's transaction: one aggregate over the run's eligible index entries finds
 * the candidate tasks and where they stand; the members of the first candidates are then locked (passing rows
 * other claims hold, with SKIP LOCKED), judged and picked by {@link GroupRules}, and counted in one UPDATE. A
 * candidate that lost members to another claim meanwhile is judged on what is left, and the next one is tried.
 */
final class GroupClaims {

    private static final DatasetRowMapper ROWS = DatasetRowMapper.INSTANCE;

    private GroupClaims() {
    }

    static GroupClaim take(DatasetMapper mapper, Connection connection, GroupClaimRequest request, boolean skipLocked)
            throws SQLException {
        RunId run = request.runId();
        GroupRules rules = rules(mapper, run, request.criteria());
        if (admitsNothing(rules)) {
            return GroupClaim.nothing(0);
        }
        List<TaskStanding> candidates = new ArrayList<>();
        mapper.groupCandidates(run, rules, skipLocked).forEach(row -> candidates.add(row.standing()));
        if (candidates.size() < request.minGroups()) {
            return GroupClaim.nothing(candidates.size());
        }
        GroupRules.arrange(candidates, request.order(), ThreadLocalRandom.current());
        List<TaskGroup> chosen = new ArrayList<>();
        int next = 0;
        while (chosen.size() < request.maxGroups() && next < candidates.size()) {
            List<TaskStanding> batch = candidates.subList(next, Math.min(candidates.size(), next + request.maxGroups() - chosen.size()));
            next += batch.size();
            Map<TaskId, List<Dataset>> locked = byTask(mapper.lockMembers(run, rules, taskIds(batch), skipLocked));
            for (TaskStanding task : batch) {
                List<Dataset> members = locked.getOrDefault(task.taskId(), List.of());
                if (rules.admitsTask(members)) {
                    chosen.add(new TaskGroup(task.taskId(), rules.pick(members)));
                }
            }
        }
        if (chosen.size() < request.minGroups()) {
            return GroupClaim.nothing(chosen.size());
        }
        List<Long> ids = new ArrayList<>();
        chosen.forEach(group -> group.items().forEach(member -> ids.add(member.id())));
        ids.sort(null);
        BulkStatements.addToUsed(connection, ids, 1);
        List<TaskGroup> counted = new ArrayList<>(chosen.size());
        for (TaskGroup group : chosen) {
            counted.add(new TaskGroup(group.taskId(), group.items().stream().map(m -> m.usedTimes(m.used() + 1)).toList()));
        }
        return new GroupClaim(counted, candidates.size());
    }

    /** The criteria made concrete for the run: its latest checkpoint versions read when the criteria need them. */
    static GroupRules rules(DatasetMapper mapper, RunId run, GroupCriteria criteria) {
        List<Integer> latest = criteria.latestCheckpoints().isPresent()
                ? mapper.latestVersions(run, criteria.latestCheckpoints().getAsInt())
                : List.of();
        return GroupRules.of(criteria, latest);
    }

    /** "One of the latest n checkpoints" of a run without checkpoints: no row can be a member. */
    static boolean admitsNothing(GroupRules rules) {
        return rules.freshnessIsVersionSet() && rules.freshVersions().isEmpty();
    }

    static Map<TaskId, List<Dataset>> byTask(List<DatasetRow> rows) {
        Map<TaskId, List<Dataset>> byTask = new HashMap<>();
        for (DatasetRow row : rows) {
            byTask.computeIfAbsent(row.getTaskId(), task -> new ArrayList<>()).add(ROWS.toDataset(row));
        }
        return byTask;
    }

    static List<TaskId> taskIds(List<TaskStanding> tasks) {
        return tasks.stream().map(TaskStanding::taskId).toList();
    }
}
