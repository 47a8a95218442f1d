package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.claim.GroupRules;
import dev.trajectorydatasets.domain.claim.TaskStanding;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What a group claim reads of a run's members and locks: the rows of {@code datasets} for the default consumer group
 * ({@link RecordMembers}), a group's rows joined to them for any other ({@link ConsumerGroupMembers}).
 */
public interface Members {

    /**
     * The next {@code limit} eligible entries after {@code after}: of one value of {@code used} and one model version
     * when {@code usedValue} is given, else of all members. {@code usedValues}: the values below {@code maxUsed}
     * when few ({@link GroupClaims#usedValues}), else null.
     */
    List<Candidate> walk(RunId run, GroupRules rules, List<Integer> usedValues,
                                      Integer usedValue, Integer version,
                                      TaskStanding after, boolean descending,
                                      int limit, boolean skipLocked,
                                      Instant now);

    List<TaskId> eligibleTaskIds(RunId run, GroupRules rules, List<Integer> usedValues,
                                 Instant now);

    List<TrajectoryRow> lockGroups(RunId run, GroupRules rules, List<Integer> usedValues,
                                List<TaskId> tasks, int limit, Instant now);

    List<TrajectoryRow> lockGroup(RunId run, GroupRules rules, List<Integer> usedValues,
                               TaskId task, Boolean positive, int limit,
                               boolean skipLocked, Instant now);

    List<MemberTally> memberTallies(RunId run, GroupRules rules,
                                                 List<Integer> usedValues, Collection<TaskId> tasks,
                                                 Instant now);

    List<Integer> latestVersions(RunId run, int limit);

    Integer nextUsedValue(RunId run, int after, int maxUsed);

    Integer nextModelVersion(RunId run, int used, int after);
}
