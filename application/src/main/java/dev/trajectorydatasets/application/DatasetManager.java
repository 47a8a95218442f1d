package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.DatasetFilter;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.UsageLimit;
import dev.trajectorydatasets.domain.UsageStats;
import dev.trajectorydatasets.domain.UseResult;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every operation of the datasets guide, for a Java program: the counterpart of its {@code MySQLDatasetsORM}
 * manager, with the same method names in camel case. Thread-safe; share one instance.
 *
 * <p>Errors are {@link dev.trajectorydatasets.domain.DatasetException}s: an invalid argument is an
 * {@link dev.trajectorydatasets.domain.InvalidInputException} naming the field, a duplicate a
 * {@link dev.trajectorydatasets.domain.DuplicateTrajectoryException} naming every duplicate. Lookups return
 * {@link Optional}; updates and deletes say whether the record existed. Lists are pages ordered by id.
 *
 * <pre>{@code
 * try (DatasetManager manager = DatasetManagers.fromEnvironment()) {   // or DatasetManagers.inMemory()
 *     manager.createDataset("traj_001", "run_alpha");
 *     manager.recordUse("traj_001", UsageLimit.onceBelow(5));           // atomic, never past 5
 * }
 * }</pre>
 */
public final class DatasetManager implements AutoCloseable {

    private final DatasetPort port;
    private final Clock clock;
    private final CreateDatasets creating;
    private final SearchDatasets searching;
    private final UpdateDatasets updating;
    private final RecordUsage usage;
    private final DeleteDatasets deleting;
    private final ClaimTrajectories claiming;

    /** A manager over {@code port} that stamps {@code created_at} from {@code clock}. */
    public DatasetManager(DatasetPort port, Clock clock) {
        this.port = DatasetRules.required("port", port);
        this.clock = DatasetRules.required("clock", clock);
        this.creating = new CreateDatasets(port, clock);
        this.searching = new SearchDatasets(port);
        this.updating = new UpdateDatasets(port);
        this.usage = new RecordUsage(port);
        this.deleting = new DeleteDatasets(port);
        this.claiming = new ClaimTrajectories(port);
    }

    /** A manager over {@code port} on the system clock (UTC). */
    public static DatasetManager over(DatasetPort port) {
        return new DatasetManager(port, Clock.systemUTC());
    }

    // ---- create ----

    /** The guide's {@code create_dataset(trajectory_id, run_id)}: {@code used} and {@code model_version} start at 0. */
    public Dataset createDataset(String trajectoryId, String runId) {
        return createDataset(CreateDatasetCommand.of(trajectoryId).inRun(runId));
    }

    /** The guide's {@code create_dataset(trajectory_id, run_id, used)}. */
    public Dataset createDataset(String trajectoryId, String runId, int used) {
        return createDataset(CreateDatasetCommand.of(trajectoryId).inRun(runId).used(used));
    }

    public Dataset createDataset(CreateDatasetCommand command) {
        return creating.createOne(command);
    }

    /** Registers a batch all or nothing; a duplicate anywhere (in the batch or stored) names every one. */
    public List<Dataset> createDatasets(List<CreateDatasetCommand> commands) {
        return creating.createAll(commands);
    }

    // ---- read ----

    public Optional<Dataset> getDatasetById(long id) {
        return searching.byId(id);
    }

    public Optional<Dataset> getDatasetByTrajectoryId(String trajectoryId) {
        return searching.byTrajectoryId(trajectoryId);
    }

    /** The first {@value PageRequest#DEFAULT_LIMIT} records of a run (the guide's default of 1 was a slip). */
    public DatasetPage getDatasetsByRunId(String runId) {
        return getDatasetsByRunId(runId, PageRequest.first());
    }

    public DatasetPage getDatasetsByRunId(String runId, PageRequest page) {
        return searching.page(DatasetFilter.ofRun(DatasetRules.runId(runId)), page);
    }

    public DatasetPage getAllDatasets(PageRequest page) {
        return searching.page(DatasetFilter.all(), page);
    }

    /** The guide's {@code search_datasets}, paged: every bound inclusive. */
    public DatasetPage searchDatasets(DatasetFilter filter, PageRequest page) {
        return searching.page(filter, page);
    }

    public long countDatasets() {
        return searching.count(DatasetFilter.all());
    }

    public long countDatasets(DatasetFilter filter) {
        return searching.count(filter);
    }

    public UsageStats getUsageStats() {
        return searching.usageStats(Optional.empty());
    }

    public UsageStats getUsageStats(String runId) {
        return searching.usageStats(Optional.of(DatasetRules.runId(runId)));
    }

    // ---- update ----

    /** Sets {@code used} to a value. To count a training, use {@link #recordUse} instead: it cannot lose counts. */
    public boolean updateUsed(String trajectoryId, int used) {
        return updating.updateOne(trajectoryId, DatasetChanges.none().withUsed(used)).isPresent();
    }

    public boolean updateRunId(String trajectoryId, String newRunId) {
        return updating.updateOne(trajectoryId, DatasetChanges.none().withRunId(newRunId)).isPresent();
    }

    /**
     * The guide's {@code update_dataset(trajectory_id, **kwargs)}: only {@code used}, {@code model_version} and
     * {@code run_id} may be named; any other name is rejected, naming it.
     */
    public boolean updateDataset(String trajectoryId, Map<String, ?> fields) {
        return updateDataset(trajectoryId, DatasetChanges.fromFields(DatasetRules.required("fields", fields))).isPresent();
    }

    /** Applies {@code changes}; returns the record after them, or empty when it does not exist. */
    public Optional<Dataset> updateDataset(String trajectoryId, DatasetChanges changes) {
        return updating.updateOne(trajectoryId, changes);
    }

    /** Several updates in one unit of work: all apply, or (on an error) none does. */
    public BatchUpdateResult updateDatasets(List<TrajectoryUpdate> updates) {
        return updating.updateAll(updates);
    }

    /** The guide's {@code batch_update_usage}: sets {@code used} on all of them in one statement. */
    public int batchUpdateUsage(Collection<String> trajectoryIds, int newUsed) {
        return updating.setUsed(trajectoryIds, newUsed);
    }

    // ---- usage ----

    /** Counts one training of a trajectory, atomically. */
    public UseResult recordUse(String trajectoryId) {
        return usage.useOne(trajectoryId, UsageLimit.once());
    }

    /** Adds {@code limit.by()} to {@code used} atomically, unless that would pass {@code limit.maxUsed()}. */
    public UseResult recordUse(String trajectoryId, UsageLimit limit) {
        return usage.useOne(trajectoryId, limit);
    }

    /** {@link #recordUse(String, UsageLimit)} for many trajectories, in one unit of work. */
    public UsageReport recordUses(List<String> trajectoryIds, UsageLimit limit) {
        return usage.useAll(trajectoryIds, limit);
    }

    /**
     * Takes up to {@code request.count()} eligible trajectories and counts one use of each, atomically; returns
     * them after the change (possibly fewer, possibly none). Concurrent claimers, in this process or others on the
     * same database, never get the same use and never pass {@code maxUsed}.
     */
    public List<Dataset> claimTrajectories(ClaimRequest request) {
        return claiming.claim(request);
    }

    // ---- delete ----

    public boolean deleteDataset(String trajectoryId) {
        return deleting.deleteOne(trajectoryId);
    }

    /** Deletes every record of a run; returns how many. */
    public int deleteDatasetsByRunId(String runId) {
        return deleting.deleteRun(runId);
    }

    // ---- units of work ----

    /**
     * Runs {@code work} as one unit (the guide's {@code get_session()} block): everything it does through the
     * manager it is given commits together, or not at all if it throws.
     */
    public <T> T inTransaction(Function<DatasetManager, T> work) {
        return port.inTransaction(tx -> work.apply(new DatasetManager(tx, clock)));
    }

    /** Closes the store underneath (its connection pool); the manager of a unit of work closes nothing. */
    @Override
    public void close() {
        port.close();
    }
}
