package dev.trajectorydatasets.application;

import dev.trajectorydatasets.application.group.GroupOperations;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.group.GroupSummary;
import dev.trajectorydatasets.domain.group.RunGroup;
import dev.trajectorydatasets.application.backup.BackupBatch;
import dev.trajectorydatasets.application.backup.BackupOperations;
import dev.trajectorydatasets.application.backup.BackupPage;
import dev.trajectorydatasets.application.backup.RestoreReport;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.application.overview.OverviewOperations;
import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.domain.DatasetRules;
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
 * The run overviews, a run's life and its consumer groups of {@link DatasetManager} ({@link OverviewOperations},
 * {@link GroupOperations}), each one call to the use
 * case of its capability: a part of the facade written apart so the facade stays one page per concern.
 */
abstract class OverviewFacade extends LeaseFacade implements OverviewOperations, BackupOperations, GroupOperations {

    @Override
    public GroupSummary declareConsumerGroup(RunId run, ConsumerGroup group) {
        return cases().groups().declare(run, group);
    }

    @Override
    public Optional<GroupSummary> getConsumerGroup(RunId run, ConsumerGroup group) {
        return cases().groups().find(run, group);
    }

    @Override
    public List<RunId> getConsumerGroupRuns() {
        return cases().groups().runs();
    }

    @Override
    public List<GroupSummary> getConsumerGroups(RunId run) {
        return cases().groups().ofRun(run);
    }

    @Override
    public boolean deleteConsumerGroup(RunId run, ConsumerGroup group) {
        return cases().groups().delete(run, group);
    }

    @Override
    public BackupPage getBackupPage(TrajectoryFilter filter, PageRequest page) {
        return cases().backups().page(filter, page);
    }

    @Override
    public List<Checkpoint> getBackupCheckpoints(Optional<RunId> runId) {
        return cases().backups().checkpoints(runId);
    }

    @Override
    public List<RunPause> getBackupPauses(Optional<RunId> runId) {
        return cases().backups().pauses(runId);
    }

    @Override
    public List<RunGroup> getBackupGroups(Optional<RunId> runId) {
        return cases().backups().groups(runId);
    }

    @Override
    public RestoreReport restore(BackupBatch batch, boolean skipExisting) {
        return cases().backups().restore(batch, skipExisting);
    }

    @Override
    public KeyedPage<Checkpoint, Integer> getCheckpoints(RunId runId, KeyPage<Integer> page) {
        return cases().overviews().checkpoints(runId, page);
    }

    @Override
    public KeyedPage<RunSummary, RunId> getRuns(KeyPage<RunId> page) {
        return cases().overviews().runs(page);
    }

    @Override
    public KeyedPage<TaskSummary, TaskId> getTasks(RunId runId, GroupCriteria criteria, KeyPage<TaskId> page) {
        return cases().overviews().tasks(runId, criteria, page);
    }

    @Override
    public List<ModelVersionSummary> getModelVersions(RunId runId) {
        return cases().overviews().modelVersions(runId);
    }

    @Override
    public RunTimeline getTimeline(RunId runId, Optional<Instant> from, Optional<Instant> to, Optional<Duration> width) {
        return cases().overviews().timeline(runId, from, to, width);
    }

    @Override
    public <R> R queryRun(RunId runId, Collector<Trajectory, ?, R> query) {
        return cases().overviews().fold(runId, query);
    }

    @Override
    public KeyedPage<UsedCount, Integer> getUsedHistogram(RunId runId, KeyPage<Integer> page) {
        return cases().overviews().usedHistogram(runId, page);
    }

    @Override
    public KeyedPage<UsageEvent, Long> getUsageHistory(TrajectoryId trajectoryId, KeyPage<Long> page) {
        return getUsageEvents(UsageEventFilter.ofTrajectory(trajectoryId), page);
    }

    @Override
    public KeyedPage<UsageEvent, Long> getUsageEvents(UsageEventFilter filter, KeyPage<Long> page) {
        return cases().overviews().usageEvents(DatasetRules.required("filter", filter), page);
    }

    @Override
    public RunContents deleteRun(RunId runId, boolean dryRun) {
        return cases().deleting().wholeRun(runId, dryRun);
    }

    @Override
    public RunContents getRunContents(RunId runId) {
        return cases().overviews().contents(runId);
    }

    @Override
    public int deleteCheckpoints(RunId runId) {
        return cases().deleting().checkpointsOf(runId);
    }
}
