package dev.trajectorydatasets.domain.overview;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.TaskId;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * One task of a run at a glance: its trajectories; how many are eligible members now under given
 * {@link GroupCriteria}, and whether the task itself is eligible (a group claim with them could take it); the
 * mean reward of its scored trajectories; the least {@code used}; the newest model version; its first
 * trajectory's {@code createdAt}.
 */
public record TaskSummary(TaskId taskId, long trajectories, long eligibleMembers, boolean eligible,
                          OptionalDouble meanReward, int leastUsed, int newestModelVersion, Instant firstCreatedAt) {

    public TaskSummary {
        DatasetRules.required("taskId", taskId);
        DatasetRules.required("meanReward", meanReward);
        DatasetRules.required("firstCreatedAt", firstCreatedAt);
    }
}
