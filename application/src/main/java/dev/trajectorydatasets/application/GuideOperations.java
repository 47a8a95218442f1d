package dev.trajectorydatasets.application;

import dev.trajectorydatasets.application.trajectory.BatchUpdateResult;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.trajectory.CreateReport;
import dev.trajectorydatasets.application.trajectory.TrajectoryPage;
import dev.trajectorydatasets.application.trajectory.TrajectoryUpdate;
import dev.trajectorydatasets.application.usage.UsageReport;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.checkpoint.DuplicateCheckpointException;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.usage.UseResult;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The datasets guide's operations by the guide's names, with ids as strings: each checks its strings once
 * ({@link TrajectoryId#of}, {@link RunId#of}, {@link TaskId#of}: an invalid one is an
 * {@link dev.trajectorydatasets.domain.InvalidInputException} naming the field) and calls the typed operation.
 * {@link DatasetManager} implements it; this is the one place the guide's string-typed forms live.
 *
 * <p>Errors of every operation are {@link dev.trajectorydatasets.domain.DatasetException}s: an invalid argument is an
 * {@link dev.trajectorydatasets.domain.InvalidInputException} naming the field, a duplicate a
 * {@link dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException} naming every duplicate. Lookups return
 * {@code Optional}; updates and deletes say whether the record existed. Lists are pages ordered by id.
 */
public interface GuideOperations {

    /**
     * Registers one trajectory with every field the command sets; wakes claims waiting on its run.
     *
     * @throws dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException when the trajectory id is stored already
     */
    Trajectory createDataset(CreateDatasetCommand command);

    /** The record with this trajectory id, or empty. */
    Optional<Trajectory> getDatasetByTrajectoryId(TrajectoryId trajectoryId);

    /** The guide's {@code search_datasets}, paged: every bound inclusive. */
    TrajectoryPage searchDatasets(TrajectoryFilter filter, PageRequest page);

    /** Usage figures of one run; {@link UsageStats#EMPTY} for a run without records. */
    UsageStats getUsageStats(RunId runId);

    /**
     * The guide's {@code update_dataset(trajectory_id, **kwargs)}, typed: only {@code used}, {@code modelVersion},
     * {@code runId}, {@code taskId}, {@code reward} and {@code attributes} can change. Returns the record after the
     * changes, or empty when it does not exist.
     */
    Optional<Trajectory> updateDataset(TrajectoryId trajectoryId, TrajectoryChanges changes);

    /** Adds {@code limit.by()} to {@code used} atomically, unless that would pass {@code limit.maxUsed()}. */
    UseResult recordUse(TrajectoryId trajectoryId, UsageLimit limit);

    /**
     * Registers a checkpoint of a run: version 0 when {@code initial}, else one more than its highest (1 when it
     * has none), atomically: concurrent registrations get versions without gaps or repeats.
     *
     * @throws dev.trajectorydatasets.domain.checkpoint.DuplicateCheckpointException when an initial checkpoint exists already
     */
    Checkpoint registerCheckpoint(RunId runId, String path, boolean initial);

    /** Deletes a record with its usage events: false when it did not exist. */
    boolean deleteDataset(TrajectoryId trajectoryId);

    /** Deletes every record of a run; returns how many. */
    int deleteDatasetsByRunId(RunId runId);

    /** Deletes the records of one task of a run; returns how many. */
    int deleteDatasetsByTask(RunId runId, TaskId taskId);

    /** Registers a batch all or nothing; a duplicate anywhere (in the batch or stored) names every one. */
        List<Trajectory> createDatasets(List<CreateDatasetCommand> commands);

    /**
     * Registers the commands whose trajectory ids are not stored yet and leaves the others as they are (the
     * {@code on_conflict: "skip"} of the HTTP API): an import, or a retried batch, needs no idempotency key.
     */
        CreateReport createMissingDatasets(List<CreateDatasetCommand> commands);

    /**
     * Imports records as an export wrote them, each keeping its {@code createdAt} (the store numbers them afresh).
     * With {@code skipExisting} the records whose trajectory ids are stored already are left as they are, so
     * re-running an interrupted import adds only what is missing; without it the batch is all or nothing and a
     * stored id is a {@link dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException} naming every one.
     */
        CreateReport importDatasets(List<NewTrajectory> records, boolean skipExisting);

    /** The record with this store id, or empty. */
        Optional<Trajectory> getDatasetById(long id);

    /** How many records match the filter (every bound inclusive). */
        long countDatasets(TrajectoryFilter filter);

    /** The guide's {@code get_usage_stats()} over every record: how many, mean, most and least {@code used}, how many runs. */
        UsageStats getUsageStats();

    /** Several updates in one unit of work: all apply, or (on an error) none does. */
        BatchUpdateResult updateDatasets(List<TrajectoryUpdate> updates);

    /** The guide's {@code batch_update_usage}: sets {@code used} on all of them in one statement. */
        int batchUpdateUsage(Collection<TrajectoryId> trajectoryIds, int newUsed);

    /** {@link #recordUse(TrajectoryId, UsageLimit)} for many trajectories, in one unit of work. */
        UsageReport recordUses(List<TrajectoryId> trajectoryIds, UsageLimit limit);

    /** How many records are stored. */
    default long countDatasets() {
        return countDatasets(TrajectoryFilter.all());
    }

    /** The guide's {@code create_dataset(trajectory_id, run_id)}: {@code used} and {@code model_version} start at 0. */
    default Trajectory createDataset(String trajectoryId, String runId) {
        return createDataset(CreateDatasetCommand.of(trajectoryId).inRun(runId));
    }

    /** The guide's {@code create_dataset(trajectory_id, run_id, used)}. */
    default Trajectory createDataset(String trajectoryId, String runId, int used) {
        return createDataset(CreateDatasetCommand.of(trajectoryId).inRun(runId).used(used));
    }

    /**
     * The guide's {@code get_dataset_by_trajectory_id}: the record, or empty.
     *
     * @throws dev.trajectorydatasets.domain.InvalidInputException when the id is blank or too long
     */
    default Optional<Trajectory> getDatasetByTrajectoryId(String trajectoryId) {
        return getDatasetByTrajectoryId(TrajectoryId.of(trajectoryId));
    }

    /** The first {@value PageRequest#DEFAULT_LIMIT} records of a run (the guide's default of 1 was a slip). */
    default TrajectoryPage getDatasetsByRunId(String runId) {
        return getDatasetsByRunId(runId, PageRequest.first());
    }

    /** One page of a run's records, ordered by id. */
    default TrajectoryPage getDatasetsByRunId(String runId, PageRequest page) {
        return searchDatasets(TrajectoryFilter.ofRun(runId), page);
    }

    /** The guide's {@code get_all_datasets}, paged by id. */
    default TrajectoryPage getAllDatasets(PageRequest page) {
        return searchDatasets(TrajectoryFilter.all(), page);
    }

    /** The guide's {@code get_usage_stats(run_id)}: the same figures for one run. */
    default UsageStats getUsageStats(String runId) {
        return getUsageStats(RunId.of(runId));
    }

    /** Sets {@code used} to a value. To count a training, use {@link #recordUse} instead: it cannot lose counts. */
    default boolean updateUsed(String trajectoryId, int used) {
        return updateDataset(TrajectoryId.of(trajectoryId), TrajectoryChanges.none().withUsed(used)).isPresent();
    }

    /** Moves a record to another run; false when it does not exist. */
    default boolean updateRunId(String trajectoryId, String newRunId) {
        return updateDataset(TrajectoryId.of(trajectoryId), TrajectoryChanges.none().withRunId(newRunId)).isPresent();
    }

    /** Counts one training of a trajectory, atomically. */
    default UseResult recordUse(String trajectoryId) {
        return recordUse(TrajectoryId.of(trajectoryId), UsageLimit.once());
    }

    /** {@link #recordUse(TrajectoryId, UsageLimit)} with the id as a string. */
    default UseResult recordUse(String trajectoryId, UsageLimit limit) {
        return recordUse(TrajectoryId.of(trajectoryId), limit);
    }

    /** Registers the run's next checkpoint: one more than its highest version (1 when it has none), atomically. */
    default Checkpoint registerCheckpoint(String runId, String path) {
        return registerCheckpoint(RunId.of(runId), path, false);
    }

    /**
     * Registers the run's initial checkpoint, version 0; a second one is a
     * {@link dev.trajectorydatasets.domain.checkpoint.DuplicateCheckpointException}.
     */
    default Checkpoint registerInitialCheckpoint(String runId, String path) {
        return registerCheckpoint(RunId.of(runId), path, true);
    }

    /** The guide's {@code delete_dataset}: false when the record did not exist. */
    default boolean deleteDataset(String trajectoryId) {
        return deleteDataset(TrajectoryId.of(trajectoryId));
    }

    /** Deletes every record of a run; returns how many. */
    default int deleteDatasetsByRunId(String runId) {
        return deleteDatasetsByRunId(RunId.of(runId));
    }

    /** Deletes the records of one task of a run; returns how many. */
    default int deleteDatasetsByTask(String runId, String taskId) {
        return deleteDatasetsByTask(RunId.of(runId), TaskId.of(taskId));
    }
}
