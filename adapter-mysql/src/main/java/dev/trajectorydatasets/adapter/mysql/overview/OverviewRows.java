package dev.trajectorydatasets.adapter.mysql.overview;

import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.overview.ModelVersionSummary;
import dev.trajectorydatasets.domain.overview.UsedCount;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * Rows of the overview queries (runs, tasks, timelines, histograms, model versions). Public with public fields for
 * MyBatis (which sets fields directly when there are no setters), as {@link TrajectoryRow} is public; not part of any API.
 */
public final class OverviewRows {

    private OverviewRows() {
    }

    /** What a run holds (see {@code contents}). */
    public static final class ContentsRow {
        public long trajectories;
        public long usageEvents;
        public long checkpoints;
        public long leases;
        public Instant lastCreatedAt;
        public Instant lastUsedAt;
        public Instant lastCheckpointAt;
        public Instant lastLeaseAt;
    }

    public static final class RunRow {
        public RunId runId;
        public long trajectories;
        public long unused;
        public long totalUses;
        public int newestModelVersion;
        public Instant firstCreatedAt;
        public Instant lastCreatedAt;
    }

    public static final class TaskRow {
        public TaskId taskId;
        public long trajectories;
        public Double meanReward;
        public int leastUsed;
        public int newestModelVersion;
        public Instant firstCreatedAt;
    }

    /** A count in one span of a timeline (-1: before the first span), of one kind of use where that matters. */
    public static final class BucketRow {
        public long bucket;
        public String kind;
        public long n;
    }

    /** One bar of a used histogram. */
    public static final class UsedRow {
        public int used;
        public long trajectories;

        UsedCount count() {
            return new UsedCount(used, trajectories);
        }
    }

    public static final class VersionRow {
        public int modelVersion;
        public long trajectories;
        public long scored;
        public Double meanReward;
        public long positive;
        public long distinctTasks;

        ModelVersionSummary summary() {
            return new ModelVersionSummary(modelVersion, trajectories, scored, optional(meanReward),
                    scored == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) positive / scored), distinctTasks);
        }
    }

    static OptionalDouble optional(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

}
