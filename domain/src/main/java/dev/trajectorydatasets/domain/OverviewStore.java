package dev.trajectorydatasets.domain;

import java.util.List;
import java.util.Optional;

/**
 * Read-only summaries of what the store holds: statistics, runs, a run's tasks, model versions, timeline and
 * histogram of uses.
 */
public interface OverviewStore {

    /** Statistics over all records, or over one run's when {@code runId} is present. */
    UsageStats usageStats(Optional<RunId> runId);

    /** Every run with trajectories, ordered by run id (the store's binary order), paged by run id. */
    List<RunSummary> runs(KeyPage<RunId> page);

    /** The run's tasks, ordered by task id (the store's binary order), paged by task id, judged by {@code criteria}. */
    List<TaskSummary> tasks(RunId runId, GroupCriteria criteria, KeyPage<TaskId> page);

    /** Per model version of the run's trajectories, lowest version first. */
    List<ModelVersionSummary> modelVersions(RunId runId);

    /**
     * The run over {@code buckets}: per span, trajectories created (by {@code created_at}), first counted (the
     * earliest positive change in their history) and uses counted by claims, acknowledgements and direct uses; and
     * what was created and first counted before the first span. Only the run's current trajectories count.
     */
    RunTimeline timeline(RunId runId, TimeBuckets buckets);

    /** The run's trajectories per value of {@code used}, lowest first, paged by {@code used}; values with none left out. */
    List<UsedCount> usedHistogram(RunId runId, KeyPage<Integer> page);
}
