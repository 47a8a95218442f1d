package dev.trajectorydatasets.application.overview;

import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.overview.ModelVersionSummary;
import dev.trajectorydatasets.domain.overview.RunContents;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.overview.RunTimeline;
import dev.trajectorydatasets.domain.overview.TaskSummary;
import dev.trajectorydatasets.domain.overview.TimeBuckets;
import dev.trajectorydatasets.domain.overview.UsedCount;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collector;

/**
 * Seeing what the store holds, read-only: runs, tasks, checkpoints, model versions, timelines, used histograms and
 * usage events. Pages are keyed: each names the key the next one starts after, or none when it is the last.
 */
public interface OverviewOperations {

    /** How far back a timeline reaches when no start is given. */
    Duration DEFAULT_TIMELINE_SPAN = Duration.ofHours(24);
    /** How many spans a timeline has at most when the caller leaves their width to the server: a chart's worth. */
    int DEFAULT_TIMELINE_POINTS = 240;

    /** The run's checkpoints, newest first: {@code KeyPage.first(n)} are its latest n. */
    KeyedPage<Checkpoint, Integer> getCheckpoints(RunId runId, KeyPage<Integer> page);

    /** Every run with trajectories, by run id. */
    KeyedPage<RunSummary, RunId> getRuns(KeyPage<RunId> page);

    /** The run's tasks, by task id, each judged against {@code criteria} (how many members are eligible now). */
    KeyedPage<TaskSummary, TaskId> getTasks(RunId runId, GroupCriteria criteria, KeyPage<TaskId> page);

    /** The run's learning curve: per model version, trajectories, scored, mean reward, share above 0, tasks. */
    List<ModelVersionSummary> getModelVersions(RunId runId);

    /**
     * The run over time, from {@code from} (default: {@link #DEFAULT_TIMELINE_POINTS} spans of {@code width} before
     * {@code to}, or {@link #DEFAULT_TIMELINE_SPAN} when no width is given) to {@code to}
     * (default: now), in spans of {@code width} (default: the narrowest round width making at most
     * {@link #DEFAULT_TIMELINE_POINTS} spans; a given width makes at most {@link TimeBuckets#MAX_COUNT}).
     *
     * @throws InvalidInputException naming {@code from} or {@code bucketSeconds} when the spans do not fit
     */
    RunTimeline getTimeline(RunId runId, Optional<Instant> from, Optional<Instant> to, Optional<Duration> width);

    /** The run's trajectories per value of {@code used}, lowest first: the used histogram. */
    KeyedPage<UsedCount, Integer> getUsedHistogram(RunId runId, KeyPage<Integer> page);

    /** A trajectory's usage history, oldest first: every change to its {@code used}, by whom, and why. */
    KeyedPage<UsageEvent, Long> getUsageHistory(TrajectoryId trajectoryId, KeyPage<Long> page);

    /** Usage events of a run, a time range, or everything, oldest first. */
    KeyedPage<UsageEvent, Long> getUsageEvents(UsageEventFilter filter, KeyPage<Long> page);

    /**
     * The answer of {@code query} over the run's trajectories, fed in id order: a question about a run written as a
     * {@link Collector} (see {@link dev.trajectorydatasets.domain.overview.OverviewStore#fold}), such as
     * {@link dev.trajectorydatasets.domain.overview.RewardDistribution}.
     */
    <R> R queryRun(RunId runId, Collector<Trajectory, ?, R> query);

    /**
     * Deletes the whole run: its leases, its trajectories with their usage history (10,000 a unit of work, so claims on
     * other runs never wait long; an interrupted delete is finished by running it again), then its checkpoints; with
     * {@code dryRun}, nothing (the answer says what would go). Idempotency answers belong to requests, not runs:
     * {@code purgeIdempotencyKeys} forgets them by age.
     *
     * @return what the run held
     */
    RunContents deleteRun(RunId runId, boolean dryRun);

    /** What the run holds and when anything last happened to it (what {@code prune} judges runs by). */
    RunContents getRunContents(RunId runId);

    /** Deletes the run's checkpoints and leaves its trajectories; returns how many there were. */
    int deleteCheckpoints(RunId runId);
}
