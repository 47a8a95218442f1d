package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.domain.TaskId;

/** One task's eligible members added up (the task overview). */
public final class MemberTally {
    public TaskId taskId;
    public long members;
    public Double rewardSum;
    public long positives;
}
