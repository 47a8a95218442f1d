package dev.trajectorydatasets.domain.overview;

import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collector;

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

    /** What the run holds: trajectories, their usage events, checkpoints and leases (what deleting it removes). */
    RunContents contents(RunId runId);

    /** The run's trajectories per value of {@code used}, lowest first, paged by {@code used}; values with none left out. */
    List<UsedCount> usedHistogram(RunId runId, KeyPage<Integer> page);

    /**
     * The answer of {@code query} over the run's trajectories, fed in id order (see {@link Folding}): a question about
     * a run that every store answers the same way, so a new one is a {@link Collector} in the domain and nothing
     * more. The SQL stores read the run in keyed pages, so memory follows the query's state, not the run; time
     * grows with the run (a question that needs the database's own aggregation gets a method of its own here).
     */
    <R> R fold(RunId runId, Collector<Trajectory, ?, R> query);
}
