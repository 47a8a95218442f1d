package dev.trajectorydatasets.application;

import dev.trajectorydatasets.application.claim.ClaimOperations;
import dev.trajectorydatasets.application.claim.ReadyAttempt;
import dev.trajectorydatasets.application.claim.TrainerStep;
import dev.trajectorydatasets.application.claim.WaitRoom;
import dev.trajectorydatasets.application.idempotency.Answer;
import dev.trajectorydatasets.application.lease.LeaseOperations;
import dev.trajectorydatasets.application.overview.OverviewOperations;
import dev.trajectorydatasets.application.shared.DataActivity;
import dev.trajectorydatasets.application.shared.Publisher;
import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.application.trajectory.BatchUpdateResult;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.trajectory.CreateReport;
import dev.trajectorydatasets.application.trajectory.TrajectoryPage;
import dev.trajectorydatasets.application.trajectory.TrajectoryUpdate;
import dev.trajectorydatasets.application.usage.UsageReport;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.Leased;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.usage.UseResult;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Every operation of the datasets guide, for a Java program: the counterpart of its {@code MySQLDatasetsORM}
 * manager, with the same method names in camel case. Thread-safe; share one instance. This facade is the
 * application's one inbound port: the HTTP adapter and embedded users call it, never the store. Its operations are
 * described by feature in {@link GuideOperations}, {@link ClaimOperations}, {@link LeaseOperations},
 * {@link OverviewOperations} and {@link UnitOperations}; each is carried out by a use case of its capability, whose writes report what they
 * changed to one publisher that wakes waiting claims and tells the metrics once the change is committed.
 *
 * <p>Errors, lookups and pages: see {@link GuideOperations}.
 *
 * <p>Concurrency, and an example: see the {@linkplain dev.trajectorydatasets.application package} documentation.
 */
public final class DatasetManager extends OverviewFacade implements GuideOperations, ClaimOperations, UnitOperations, AutoCloseable {

    private final DatasetPort port;
    private final Clock clock;
    private final UsageOrigin origin;
    /** Where claims that wait for data wait; shared by every manager made from this one. */
    private final WaitRoom room;
    /** Whether this manager made the room (and closes it); managers made from it share it. */
    private final boolean ownsRoom;
    /** Where this manager's writes report what they changed: at once, or a unit of work's deferral. */
    private final Publisher publisher;
    /** The use cases, one per capability, on this manager's port and publisher. */
    private final UseCases cases;

    /** A manager over {@code port} that stamps {@code created_at} from {@code clock}. */
    public DatasetManager(DatasetPort port, Clock clock) {
        this(port, clock, WaitRoom.DEFAULT_LIMIT);
    }

    /** A manager over {@code port} that holds at most {@code maxWaiters} claims waiting for data at once. */
    public DatasetManager(DatasetPort port, Clock clock, int maxWaiters) {
        this(port, clock, maxWaiters, DataActivity.NONE);
    }

    /** A manager that also tells {@code activity} what it did to the data, once committed (the server's metrics). */
    public DatasetManager(DatasetPort port, Clock clock, int maxWaiters, DataActivity activity) {
        this(port, clock, UsageOrigin.NONE, new WaitRoom(DatasetRules.required("port", port), maxWaiters), null,
                DatasetRules.required("activity", activity));
    }

    /** @param publisher where changes go; null: this manager owns {@code room} and tells it and {@code activity} */
    private DatasetManager(DatasetPort port, Clock clock, UsageOrigin origin, WaitRoom room, Publisher publisher, DataActivity activity) {
        this.port = DatasetRules.required("port", port);
        this.clock = DatasetRules.required("clock", clock);
        this.origin = DatasetRules.required("origin", origin);
        this.room = room;
        this.ownsRoom = publisher == null;
        this.publisher = publisher == null ? Publisher.to(room::wake, activity) : publisher;
        this.cases = UseCases.of(new Scope(port, clock, this.publisher), room);
    }

    @Override
    UseCases cases() {
        return cases;
    }

    /** A manager over {@code port} on the system clock (UTC). */
    public static DatasetManager over(DatasetPort port) {
        return new DatasetManager(port, Clock.systemUTC());
    }

    @Override
    public Trajectory createDataset(CreateDatasetCommand command) {
        return cases.creating().createOne(command);
    }

    @Override
    public List<Trajectory> createDatasets(List<CreateDatasetCommand> commands) {
        return cases.creating().createAll(commands);
    }

    @Override
    public CreateReport createMissingDatasets(List<CreateDatasetCommand> commands) {
        return cases.creating().createMissing(commands);
    }

    @Override
    public CreateReport importDatasets(List<NewTrajectory> records, boolean skipExisting) {
        return cases.creating().importRecords(records, skipExisting);
    }

    @Override
    public Optional<Trajectory> getDatasetById(long id) {
        return cases.searching().byId(id);
    }

    @Override
    public Optional<Trajectory> getDatasetByTrajectoryId(TrajectoryId trajectoryId) {
        return cases.searching().byTrajectoryId(trajectoryId);
    }

    @Override
    public TrajectoryPage searchDatasets(TrajectoryFilter filter, PageRequest page) {
        return cases.searching().page(filter, page);
    }

    @Override
    public long countDatasets(TrajectoryFilter filter) {
        return cases.searching().count(filter);
    }

    @Override
    public UsageStats getUsageStats() {
        return cases.overviews().usageStats(Optional.empty());
    }

    @Override
    public UsageStats getUsageStats(RunId runId) {
        return cases.overviews().usageStats(Optional.of(DatasetRules.required("runId", runId)));
    }

    @Override
    public Optional<Trajectory> updateDataset(TrajectoryId trajectoryId, TrajectoryChanges changes) {
        return cases.updating().updateOne(trajectoryId, changes);
    }

    /**
     * The version of the run's checkpoint saved at {@code path} (the newest, when several were); empty when none was
     * (rollout workers of the guide's successor module name checkpoints by path).
     */
    public OptionalInt getCheckpointVersion(RunId runId, String path) {
        return cases.checkpoints().versionOf(runId, path);
    }

    /**
     * Re-rolls a trajectory (what the guide's successor module's {@code create_or_update_dataset_with_event} does to a
     * stored one): made again by {@code modelVersion}, with {@code others} (its new reward, task or attributes), its
     * uses back to 0 in one unit of work, recorded in its history as a {@code REROLL} event. Empty when not stored.
     */
    public Optional<Trajectory> rerollDataset(TrajectoryId trajectoryId, int modelVersion, TrajectoryChanges others) {
        return cases.updating().reroll(trajectoryId, modelVersion, others);
    }

    @Override
    public BatchUpdateResult updateDatasets(List<TrajectoryUpdate> updates) {
        return cases.updating().updateAll(updates);
    }

    @Override
    public int batchUpdateUsage(Collection<TrajectoryId> trajectoryIds, int newUsed) {
        return cases.updating().setUsed(trajectoryIds, newUsed);
    }

    @Override
    public UseResult recordUse(TrajectoryId trajectoryId, UsageLimit limit) {
        return cases.counting().one(trajectoryId, limit);
    }

    @Override
    public UsageReport recordUses(List<TrajectoryId> trajectoryIds, UsageLimit limit) {
        return cases.counting().all(trajectoryIds, limit);
    }

    @Override
    public List<Trajectory> claimTrajectories(ClaimRequest request) {
        return cases.claiming().claim(request);
    }

    @Override
    public GroupClaim claimGroups(GroupClaimRequest request) {
        return cases.claiming().claimGroups(request);
    }

    @Override
    public Leased<List<Trajectory>> leaseTrajectories(ClaimRequest request, LeaseTerms terms) {
        return cases.claiming().lease(request, terms);
    }

    @Override
    public Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms) {
        return cases.claiming().leaseGroups(request, terms);
    }

    @Override
    public <T> CompletableFuture<T> whenReady(Optional<RunId> run, Duration wait, ReadyAttempt<T> attempt) {
        return cases.claiming().whenReady(run, wait, attempt);
    }

    @Override
    public CompletableFuture<List<Trajectory>> claimTrajectoriesWhenReady(ClaimRequest request, Duration wait) {
        return cases.claiming().claimWhenReady(request, wait);
    }

    @Override
    public CompletableFuture<GroupClaim> claimGroupsWhenReady(GroupClaimRequest request, Duration wait) {
        return cases.claiming().claimGroupsWhenReady(request, wait);
    }

    @Override
    public CompletableFuture<TrainerStep<GroupClaim>> nextGroupStep(GroupClaimRequest request, LeaseTerms terms, Duration wait,
                                                                   Optional<LeaseId> previous) {
        return cases.claiming().nextGroupStep(request, terms, wait, previous, cases.settling());
    }

    @Override
    public RunPause pauseRun(RunId runId, Optional<String> reason) {
        return cases.claiming().pause(runId, reason);
    }

    @Override
    public boolean resumeRun(RunId runId) {
        return cases.claiming().resume(runId);
    }

    @Override
    public Optional<RunPause> getPause(RunId runId) {
        return cases.claiming().pauseOf(runId);
    }

    @Override
    public List<RunPause> getPausedRuns() {
        return cases.claiming().pauses();
    }

    @Override
    public int waitingClaims() {
        return room.waiting();
    }

    @Override
    public void stopWaiting() {
        room.close();
    }

    @Override
    public Checkpoint registerCheckpoint(RunId runId, String path, boolean initial) {
        return cases.checkpoints().register(runId, path, initial);
    }

    @Override
    public int deleteDatasetsByTask(RunId runId, TaskId taskId) {
        return cases.deleting().ofTask(runId, taskId);
    }

    @Override
    public boolean deleteDataset(TrajectoryId trajectoryId) {
        return cases.deleting().one(trajectoryId);
    }

    @Override
    public int deleteDatasetsByRunId(RunId runId) {
        return cases.deleting().ofRun(runId);
    }

    @Override
    public DatasetManager attributedTo(UsageOrigin usageOrigin) {
        return new DatasetManager(port.attributedTo(usageOrigin), clock, usageOrigin, room, publisher, DataActivity.NONE);
    }

    @Override
    public DatasetManager consumedBy(Optional<String> consumer) {
        return consumer.isEmpty() ? this : attributedTo(origin.withConsumer(consumer));
    }

    @Override
    public DatasetManager inGroup(ConsumerGroup group) {
        return group.equals(origin.group()) ? this : attributedTo(origin.inGroup(group));
    }

    @Override
    public Answer idempotent(IdempotencyKey key, String fingerprint, Function<DatasetManager, Answer> work) {
        Publisher.UnitRuns runs = new Publisher.UnitRuns();
        Answer answer = cases.idempotent().once(key, fingerprint, origin, (tx, keyed) -> inUnit(tx, keyed, runs), work);
        runs.publishTo(publisher);
        return answer;
    }

    @Override
    public long purgeIdempotencyKeys(Duration keep) {
        return cases.idempotent().purge(keep);
    }

    @Override
    public <T> T inTransaction(Function<DatasetManager, T> work) {
        Publisher.UnitRuns runs = new Publisher.UnitRuns();
        T result = port.inTransaction(tx -> work.apply(inUnit(tx, origin, runs)));
        runs.publishTo(publisher);
        return result;
    }

    /** The manager one run of a unit of work is given: on the unit's port, its changes held until the unit commits. */
    private DatasetManager inUnit(DatasetPort tx, UsageOrigin unitOrigin, Publisher.UnitRuns runs) {
        return new DatasetManager(tx, clock, unitOrigin, room, runs.next(), DataActivity.NONE);
    }

    /**
     * Answers the waiting claims and closes the store underneath (its connection pool); a manager made from another
     * ({@link #attributedTo}, a unit of work's) closes nothing.
     */
    @Override
    public void close() {
        if (ownsRoom) {
            room.close();
        }
        port.close();
    }
}
