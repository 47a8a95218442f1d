package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.Checkpoint;
import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.DuplicateCheckpointException;
import dev.trajectorydatasets.domain.GroupClaim;
import dev.trajectorydatasets.domain.GroupClaimRequest;
import dev.trajectorydatasets.domain.GroupCriteria;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.Lease;
import dev.trajectorydatasets.domain.LeaseId;
import dev.trajectorydatasets.domain.LeaseState;
import dev.trajectorydatasets.domain.LeaseSettlement;
import dev.trajectorydatasets.domain.LeaseTerms;
import dev.trajectorydatasets.domain.Leased;
import dev.trajectorydatasets.domain.ModelVersionSummary;
import dev.trajectorydatasets.domain.NewDataset;
import dev.trajectorydatasets.domain.NewCheckpoint;
import dev.trajectorydatasets.domain.RunSummary;
import dev.trajectorydatasets.domain.UsedCount;
import dev.trajectorydatasets.domain.TimeBuckets;
import dev.trajectorydatasets.domain.RunTimeline;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TaskSummary;
import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.DatasetFilter;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageEvent;
import dev.trajectorydatasets.domain.UsageEventFilter;
import dev.trajectorydatasets.domain.UsageLimit;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.UsageStats;
import dev.trajectorydatasets.domain.UseResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Every operation of the datasets guide, for a Java program: the counterpart of its {@code MySQLDatasetsORM}
 * manager, with the same method names in camel case. Thread-safe; share one instance. This facade is the
 * application's one inbound port: the HTTP adapter and embedded users call it, never the store.
 *
 * <p>The guide's methods take ids as strings, checked once on the way in ({@link TrajectoryId}, {@link RunId});
 * the rest take those types. Errors are {@link dev.trajectorydatasets.domain.DatasetException}s: an invalid
 * argument is an {@link dev.trajectorydatasets.domain.InvalidInputException} naming the field, a duplicate a
 * {@link dev.trajectorydatasets.domain.DuplicateTrajectoryException} naming every duplicate. Lookups return
 * {@link Optional}; updates and deletes say whether the record existed. Lists are pages ordered by id.
 *
 * <p>Concurrency: every method is one unit of work on the store (all or nothing), safe to call from any number
 * of threads and processes over one database. Counting methods ({@code recordUse}, {@code recordUses}, claims,
 * lease acknowledgements) never lose, double or pass a cap under concurrency; claims running at once never hand
 * out the same row. A database that cannot be reached is a
 * {@link dev.trajectorydatasets.domain.StoreUnavailableException} (nothing changed); a conflict retried until it
 * gave up is a {@link dev.trajectorydatasets.domain.StoreBusyException} (nothing changed, retry later).
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
    private final RunOverviews overviews;
    private final IdempotentRequests idempotent;
    private final UsageOrigin origin;
    /** Where claims that wait for data wait; shared by every manager made from this one. */
    private final WaitRoom room;
    /** Where this manager says records may have become eligible: the room, or a unit of work's deferral. */
    private final Signals signals;
    /** Whether this manager made the room (and closes it); managers made from it share it. */
    private final boolean ownsRoom;
    /** Where this manager tells what it did: the server's metrics, or a unit of work's deferral. */
    private final DataActivity activity;

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
        this(port, clock, UsageOrigin.NONE, new WaitRoom(DatasetRules.required("port", port), maxWaiters), null, activity);
    }

    DatasetManager(DatasetPort port, Clock clock, UsageOrigin origin) {
        this(port, clock, origin, new WaitRoom(DatasetRules.required("port", port), WaitRoom.DEFAULT_LIMIT), null, DataActivity.NONE);
    }

    private DatasetManager(DatasetPort port, Clock clock, UsageOrigin origin, WaitRoom room, Signals signals, DataActivity activity) {
        this.port = DatasetRules.required("port", port);
        this.clock = DatasetRules.required("clock", clock);
        this.origin = DatasetRules.required("origin", origin);
        this.room = room;
        this.ownsRoom = signals == null;
        this.signals = signals == null ? room::wake : signals;
        this.activity = DatasetRules.required("activity", activity);
        this.idempotent = new IdempotentRequests(port, clock);
        this.creating = new CreateDatasets(port, clock);
        this.searching = new SearchDatasets(port);
        this.updating = new UpdateDatasets(port);
        this.overviews = new RunOverviews(port);
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

    /**
     * Registers one trajectory with every field the command sets; wakes claims waiting on its run.
     *
     * @throws dev.trajectorydatasets.domain.DuplicateTrajectoryException when the trajectory id is stored already
     */
    public Dataset createDataset(CreateDatasetCommand command) {
        Dataset created = creating.createOne(command);
        signals.changed(created.runId());
        activity.created(1);
        return created;
    }

    /** Registers a batch all or nothing; a duplicate anywhere (in the batch or stored) names every one. */
    public List<Dataset> createDatasets(List<CreateDatasetCommand> commands) {
        return changedRuns(creating.createAll(commands));
    }

    /**
     * Registers the commands whose trajectory ids are not stored yet and leaves the others as they are (the
     * {@code on_conflict: "skip"} of the HTTP API): an import, or a retried batch, needs no idempotency key.
     */
    public CreateReport createMissingDatasets(List<CreateDatasetCommand> commands) {
        CreateReport report = creating.createMissing(commands);
        changedRuns(report.created());
        return report;
    }

    /**
     * Imports records as an export wrote them, each keeping its {@code createdAt} (the store numbers them afresh).
     * With {@code skipExisting} the records whose trajectory ids are stored already are left as they are, so
     * re-running an interrupted import adds only what is missing; without it the batch is all or nothing and a
     * stored id is a {@link dev.trajectorydatasets.domain.DuplicateTrajectoryException} naming every one.
     */
    public CreateReport importDatasets(List<NewDataset> records, boolean skipExisting) {
        List<NewDataset> batch = List.copyOf(DatasetRules.required("records", records));
        if (!skipExisting) {
            return new CreateReport(changedRuns(port.createAll(batch)), List.of());
        }
        CreateReport report = creating.storeMissing(batch);
        changedRuns(report.created());
        return report;
    }

    /** Wakes the claims waiting for the runs of {@code records}, which were just created; returns them. */
    private List<Dataset> changedRuns(List<Dataset> records) {
        records.stream().map(Dataset::runId).distinct().forEach(signals::changed);
        activity.created(records.size());
        return records;
    }

    // ---- read ----

    /** The record with this store id, or empty. */
    public Optional<Dataset> getDatasetById(long id) {
        return port.findById(id);
    }

    /**
     * The guide's {@code get_dataset_by_trajectory_id}: the record, or empty.
     *
     * @throws dev.trajectorydatasets.domain.InvalidInputException when the id is blank or too long
     */
    public Optional<Dataset> getDatasetByTrajectoryId(String trajectoryId) {
        return getDatasetByTrajectoryId(TrajectoryId.of(trajectoryId));
    }

    /** The record with this trajectory id, or empty. */
    public Optional<Dataset> getDatasetByTrajectoryId(TrajectoryId trajectoryId) {
        return port.findByTrajectoryId(DatasetRules.required("trajectoryId", trajectoryId));
    }

    /** The first {@value PageRequest#DEFAULT_LIMIT} records of a run (the guide's default of 1 was a slip). */
    public DatasetPage getDatasetsByRunId(String runId) {
        return getDatasetsByRunId(runId, PageRequest.first());
    }

    /** One page of a run's records, ordered by id. */
    public DatasetPage getDatasetsByRunId(String runId, PageRequest page) {
        return searching.page(DatasetFilter.ofRun(runId), page);
    }

    /** The guide's {@code get_all_datasets}, paged by id. */
    public DatasetPage getAllDatasets(PageRequest page) {
        return searching.page(DatasetFilter.all(), page);
    }

    /** The guide's {@code search_datasets}, paged: every bound inclusive. */
    public DatasetPage searchDatasets(DatasetFilter filter, PageRequest page) {
        return searching.page(filter, page);
    }

    /** How many records are stored. */
    public long countDatasets() {
        return countDatasets(DatasetFilter.all());
    }

    /** How many records match the filter (every bound inclusive). */
    public long countDatasets(DatasetFilter filter) {
        return port.count(DatasetRules.required("filter", filter));
    }

    /** The guide's {@code get_usage_stats()} over every record: how many, mean, most and least {@code used}, how many runs. */
    public UsageStats getUsageStats() {
        return port.usageStats(Optional.empty());
    }

    /** The guide's {@code get_usage_stats(run_id)}: the same figures for one run. */
    public UsageStats getUsageStats(String runId) {
        return getUsageStats(RunId.of(runId));
    }

    /** Usage figures of one run; {@link UsageStats#EMPTY} for a run without records. */
    public UsageStats getUsageStats(RunId runId) {
        return port.usageStats(Optional.of(DatasetRules.required("runId", runId)));
    }

    // ---- update ----

    /** Sets {@code used} to a value. To count a training, use {@link #recordUse} instead: it cannot lose counts. */
    public boolean updateUsed(String trajectoryId, int used) {
        return updateDataset(TrajectoryId.of(trajectoryId), DatasetChanges.none().withUsed(used)).isPresent();
    }

    /** Moves a record to another run; false when it does not exist. */
    public boolean updateRunId(String trajectoryId, String newRunId) {
        return updateDataset(TrajectoryId.of(trajectoryId), DatasetChanges.none().withRunId(newRunId)).isPresent();
    }

    /**
     * The guide's {@code update_dataset(trajectory_id, **kwargs)}, typed: only {@code used}, {@code modelVersion},
     * {@code runId}, {@code taskId}, {@code reward} and {@code attributes} can change. Returns the record after the changes, or empty when it does not exist.
     */
    public Optional<Dataset> updateDataset(TrajectoryId trajectoryId, DatasetChanges changes) {
        Optional<Dataset> after = port.update(DatasetRules.required("trajectoryId", trajectoryId), TrajectoryUpdate.requireSomeChange(changes));
        after.ifPresent(record -> signals.changed(record.runId()));
        return after;
    }

    /** Several updates in one unit of work: all apply, or (on an error) none does. */
    public BatchUpdateResult updateDatasets(List<TrajectoryUpdate> updates) {
        BatchUpdateResult result = updating.updateAll(updates);
        signals.changed(Optional.empty());
        return result;
    }

    /** The guide's {@code batch_update_usage}: sets {@code used} on all of them in one statement. */
    public int batchUpdateUsage(Collection<TrajectoryId> trajectoryIds, int newUsed) {
        List<TrajectoryId> ids = List.copyOf(DatasetRules.required("trajectoryIds", trajectoryIds));
        int found = ids.isEmpty() ? 0 : port.setUsed(ids, DatasetRules.notNegative("used", newUsed));
        signals.changed(Optional.empty());
        return found;
    }

    // ---- usage ----

    /** Counts one training of a trajectory, atomically. */
    public UseResult recordUse(String trajectoryId) {
        return recordUse(TrajectoryId.of(trajectoryId), UsageLimit.once());
    }

    /** {@link #recordUse(TrajectoryId, UsageLimit)} with the id as a string. */
    public UseResult recordUse(String trajectoryId, UsageLimit limit) {
        return recordUse(TrajectoryId.of(trajectoryId), limit);
    }

    /** Adds {@code limit.by()} to {@code used} atomically, unless that would pass {@code limit.maxUsed()}. */
    public UseResult recordUse(TrajectoryId trajectoryId, UsageLimit limit) {
        UseResult result = port.use(DatasetRules.required("trajectoryId", trajectoryId), DatasetRules.required("limit", limit));
        if (result.outcome() == UseResult.Outcome.USED) {
            activity.used(limit.by());
        } else if (result.outcome() == UseResult.Outcome.AT_LIMIT) {
            activity.refused(1);
        }
        return result;
    }

    /** {@link #recordUse(TrajectoryId, UsageLimit)} for many trajectories, in one unit of work. */
    public UsageReport recordUses(List<TrajectoryId> trajectoryIds, UsageLimit limit) {
        List<TrajectoryId> ids = List.copyOf(DatasetRules.required("trajectoryIds", trajectoryIds));
        DatasetRules.required("limit", limit);
        UsageReport report = UsageReport.of(ids.isEmpty() ? List.of() : port.useAll(ids, limit));
        activity.used(report.used().size() * limit.by());
        activity.refused(report.atLimit().size());
        return report;
    }

    /**
     * Takes up to {@code request.count()} eligible trajectories and counts one use of each, atomically; returns
     * them after the change (possibly fewer, possibly none). Concurrent claimers, in this process or others on the
     * same database, never get the same use and never pass {@code maxUsed}.
     */
    public List<Dataset> claimTrajectories(ClaimRequest request) {
        return claimed(port.claim(DatasetRules.required("request", request)));
    }

    private List<Dataset> claimed(List<Dataset> taken) {
        activity.claimed(DataActivity.ClaimKind.CLAIM, taken.size());
        activity.used(taken.size());
        return taken;
    }

    // ---- the trainer's step ----

    /**
     * Takes whole groups of one task's fresh, unused rollouts and counts one use of each member, atomically (see
     * {@link GroupClaimRequest} and {@link dev.trajectorydatasets.domain.GroupRules}); or takes nothing when fewer
     * than {@code minGroups} tasks are eligible, saying how many were. Concurrent claimers never share a member.
     */
    public GroupClaim claimGroups(GroupClaimRequest request) {
        return claimed(port.claimGroups(DatasetRules.required("request", request)));
    }

    private GroupClaim claimed(GroupClaim claim) {
        activity.claimed(DataActivity.ClaimKind.GROUP_CLAIM, claim.members().size());
        activity.used(claim.members().size());
        return claim;
    }

    // ---- leases: count a use when training succeeded ----

    /**
     * {@link #claimTrajectories}, reserving instead of counting: the trajectories (returned as they are, their use
     * not counted) are held by a new lease for {@code terms}, out of every other claim's reach, until the holder
     * acknowledges (counts) or releases them, or the lease runs out and they are simply eligible again.
     */
    public Leased<List<Dataset>> leaseTrajectories(ClaimRequest request, LeaseTerms terms) {
        Leased<List<Dataset>> leased = port.leaseClaim(DatasetRules.required("request", request), DatasetRules.required("terms", terms));
        activity.claimed(DataActivity.ClaimKind.LEASE, leased.taken().size());
        return leased;
    }

    /** {@link #claimGroups}, reserving instead of counting, as {@link #leaseTrajectories} does. */
    public Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms) {
        DatasetRules.required("request", request);
        if (request.maxMembers() > Lease.MAX_ROWS) {
            throw new InvalidInputException("maxGroups", "times groupSize must be at most " + Lease.MAX_ROWS
                    + " members for a lease, was " + request.maxMembers());
        }
        Leased<GroupClaim> leased = port.leaseGroups(request, DatasetRules.required("terms", terms));
        activity.claimed(DataActivity.ClaimKind.GROUP_LEASE, leased.taken().members().size());
        return leased;
    }

    /** A lease with the state of each of its rows, or empty when there is none (or it was purged). */
    public Optional<Lease> getLease(LeaseId id) {
        return port.lease(DatasetRules.required("leaseId", id));
    }

    /**
     * Counts one use of each of the lease's rows ({@code only} those, when given) that is still the holder's, while
     * below the claim's cap, and ends the lease for them. After the lease ran out, rows another claim took or a
     * write changed since are not counted: they are named in {@link LeaseSettlement#lost()}. Repeating it changes
     * nothing. See {@link dev.trajectorydatasets.domain.LeaseSettling}.
     */
    public LeaseSettlement acknowledgeLease(LeaseId id, Optional<List<TrajectoryId>> only) {
        LeaseSettlement settlement = port.acknowledge(DatasetRules.required("leaseId", id), DatasetRules.required("only", only));
        signals.changed(settlement.runId());
        activity.settled(DataActivity.Settlement.ACKNOWLEDGED, settlement.settled().size());
        activity.used(settlement.settled().size());
        return settlement;
    }

    /** Gives the lease's rows ({@code only} those, when given) back untouched: eligible again at once. */
    public LeaseSettlement releaseLease(LeaseId id, Optional<List<TrajectoryId>> only) {
        LeaseSettlement settlement = port.release(DatasetRules.required("leaseId", id), DatasetRules.required("only", only));
        signals.changed(settlement.runId());
        activity.settled(DataActivity.Settlement.RELEASED, settlement.settled().size());
        return settlement;
    }

    /**
     * A page of the leases {@code consumer} took, by id, in {@code states} ({@link LeaseState#HELD}: running and still
     * holding rows; {@link LeaseState#SETTLED}; {@link LeaseState#EXPIRED}). A page may hold fewer than its limit and
     * still name a next key.
     */
    public KeyedPage<Lease, LeaseId> getLeases(String consumer, Set<LeaseState> states, KeyPage<LeaseId> page) {
        return new ConsumerLeases(port, clock).list(consumer, states, DatasetRules.required("page", page));
    }

    /**
     * Gives back every row the consumer's running leases still hold (what a restarted trainer does with its
     * predecessor's steps), each lease in a unit of its own; rows acknowledged before stay counted.
     */
    public LeasesReleased releaseLeasesOf(String consumer) {
        return new ConsumerLeases(port, clock).releaseAll(consumer, this);
    }

    /** Holds the lease's rows until {@code terms} from now (a long training step); an expired lease cannot be. */
    public Lease extendLease(LeaseId id, LeaseTerms terms) {
        return port.extend(DatasetRules.required("leaseId", id), DatasetRules.required("terms", terms));
    }

    /** Forgets leases that ran out more than {@code keep} ago, in short batches; returns how many. */
    public long purgeLeases(Duration keep) {
        Instant before = clock.instant().minus(DatasetRules.required("keep", keep));
        long purged = 0;
        int batch;
        do {
            batch = port.purgeLeases(before, IdempotentRequests.PURGE_BATCH);
            purged += batch;
        } while (batch == IdempotentRequests.PURGE_BATCH);
        return purged;
    }

    // ---- waiting for enough data ----

    /**
     * Tries {@code attempt} now and, while it takes nothing, again whenever records of {@code run} may have become
     * eligible (created or given back through this manager, or noticed by a poll of the store every 100 ms while
     * anyone waits), for up to {@code wait}; then once more, answering whatever it finds. No thread waits: the
     * future completes on the manager's wait thread. Past the waiter limit, a {@link TooManyWaitersException}.
     */
    public <T> CompletableFuture<T> whenReady(Optional<RunId> run, Duration wait, ReadyAttempt<T> attempt) {
        DatasetRules.required("run", run);
        DatasetRules.required("wait", wait);
        return room.await(run, wait, DatasetRules.required("attempt", attempt));
    }

    /** {@link #claimTrajectories}, waiting up to {@code wait} for at least {@code request.minCount()} to be eligible. */
    public CompletableFuture<List<Dataset>> claimTrajectoriesWhenReady(ClaimRequest request, Duration wait) {
        DatasetRules.required("request", request);
        // A poll that finds nothing is not a claim: only the answer is told.
        return whenReady(request.runId(), wait, last -> {
            List<Dataset> taken = port.claim(request);
            return taken.isEmpty() && !last ? Optional.empty() : Optional.of(claimed(taken));
        });
    }

    /** {@link #claimGroups}, waiting up to {@code wait} for at least {@code request.minGroups()} tasks to be eligible. */
    public CompletableFuture<GroupClaim> claimGroupsWhenReady(GroupClaimRequest request, Duration wait) {
        DatasetRules.required("request", request);
        return whenReady(Optional.of(request.runId()), wait, last -> {
            GroupClaim claim = port.claimGroups(request);
            return claim.groups().isEmpty() && !last ? Optional.empty() : Optional.of(claimed(claim));
        });
    }

    /**
     * A trainer's next step in one call: acknowledges {@code previous} (when given) and commits that at once, so what
     * was trained is counted and cannot be served again however long this waits; then leases groups as
     * {@link #leaseGroups} does, waiting up to {@code wait} for at least {@code request.minGroups()} tasks.
     */
    public CompletableFuture<TrainerStep<GroupClaim>> nextGroupStep(GroupClaimRequest request, LeaseTerms terms, Duration wait,
                                                                   Optional<LeaseId> previous) {
        DatasetRules.required("request", request);
        DatasetRules.required("terms", terms);
        if (request.maxMembers() > Lease.MAX_ROWS) {
            throw new InvalidInputException("maxGroups", "times groupSize must be at most " + Lease.MAX_ROWS
                    + " members for a lease, was " + request.maxMembers());
        }
        Optional<LeaseSettlement> acknowledged = DatasetRules.required("previous", previous)
                .map(id -> acknowledgeLease(id, Optional.empty()));
        return whenReady(Optional.of(request.runId()), wait, last -> {
            Leased<GroupClaim> leased = port.leaseGroups(request, terms);
            if (leased.taken().groups().isEmpty() && !last) {
                return Optional.empty();
            }
            activity.claimed(DataActivity.ClaimKind.GROUP_LEASE, leased.taken().members().size());
            return Optional.of(new TrainerStep<>(acknowledged, leased));
        });
    }

    /** How many claims wait for data now. */
    public int waitingClaims() {
        return room.waiting();
    }

    /** Answers every waiting claim now (each tries one last time) and no longer waits: what a stopping server does. */
    public void stopWaiting() {
        room.close();
    }

    // ---- checkpoints ----

    /** Registers the run's next checkpoint: one more than its highest version (1 when it has none), atomically. */
    public Checkpoint registerCheckpoint(String runId, String path) {
        return registerCheckpoint(new NewCheckpoint(RunId.of(runId), path, false, clock.instant()));
    }

    /** Registers the run's initial checkpoint, version 0; a second one is a {@link DuplicateCheckpointException}. */
    public Checkpoint registerInitialCheckpoint(String runId, String path) {
        return registerCheckpoint(new NewCheckpoint(RunId.of(runId), path, true, clock.instant()));
    }

    /**
     * Registers a checkpoint of a run: version 0 when {@code initial}, else one more than its highest (1 when it
     * has none), atomically: concurrent registrations get versions without gaps or repeats.
     *
     * @throws dev.trajectorydatasets.domain.DuplicateCheckpointException when an initial checkpoint exists already
     */
    public Checkpoint registerCheckpoint(RunId runId, String path, boolean initial) {
        return registerCheckpoint(new NewCheckpoint(runId, path, initial, clock.instant()));
    }

    private Checkpoint registerCheckpoint(NewCheckpoint checkpoint) {
        Checkpoint registered = port.registerCheckpoint(checkpoint);
        signals.changed(Optional.of(checkpoint.runId()));
        return registered;
    }

    /** The run's checkpoints, newest first: {@code KeyPage.first(n)} are its latest n. */
    public KeyedPage<Checkpoint, Integer> getCheckpoints(RunId runId, KeyPage<Integer> page) {
        return overviews.checkpoints(runId, page);
    }

    // ---- seeing runs ----

    /** Every run with trajectories, by run id. */
    public KeyedPage<RunSummary, RunId> getRuns(KeyPage<RunId> page) {
        return overviews.runs(page);
    }

    /** The run's tasks, by task id, each judged against {@code criteria} (how many members are eligible now). */
    public KeyedPage<TaskSummary, TaskId> getTasks(RunId runId, GroupCriteria criteria, KeyPage<TaskId> page) {
        return overviews.tasks(runId, criteria, page);
    }

    /** The run's learning curve: per model version, trajectories, scored, mean reward, share above 0, tasks. */
    public List<ModelVersionSummary> getModelVersions(RunId runId) {
        return port.modelVersions(DatasetRules.required("runId", runId));
    }

    /** How far back a timeline reaches when no start is given. */
    public static final Duration DEFAULT_TIMELINE_SPAN = Duration.ofHours(24);
    /** How many spans a timeline has at most when the caller leaves their width to the server: a chart's worth. */
    public static final int DEFAULT_TIMELINE_POINTS = 240;

    /**
     * The run over time, from {@code from} (default: {@link #DEFAULT_TIMELINE_POINTS} spans of {@code width} before
     * {@code to}, or {@link #DEFAULT_TIMELINE_SPAN} when no width is given) to {@code to}
     * (default: now), in spans of {@code width} (default: the narrowest round width making at most
     * {@link #DEFAULT_TIMELINE_POINTS} spans; a given width makes at most {@link TimeBuckets#MAX_COUNT}).
     *
     * @throws InvalidInputException naming {@code from} or {@code bucketSeconds} when the spans do not fit
     */
    public RunTimeline getTimeline(RunId runId, Optional<Instant> from, Optional<Instant> to, Optional<Duration> width) {
        DatasetRules.required("runId", runId);
        Instant end = DatasetRules.required("to", to).orElseGet(clock::instant);
        DatasetRules.required("width", width);
        if (width.isEmpty()) {
            return port.timeline(runId, TimeBuckets.fitting(from.orElseGet(() -> end.minus(DEFAULT_TIMELINE_SPAN)), end,
                    DEFAULT_TIMELINE_POINTS));
        }
        TimeBuckets.validWidth(width.get());
        // Without a start, the last spans end at to and start on a multiple of the width (round times on the axis).
        Instant start = from.orElseGet(() -> TimeBuckets.roundedDown(end.minus(width.get().multipliedBy(DEFAULT_TIMELINE_POINTS)), width.get()));
        TimeBuckets buckets = TimeBuckets.covering(start, end, width.get());
        return port.timeline(runId, buckets);
    }

    /** The run's trajectories per value of {@code used}, lowest first: the used histogram. */
    public KeyedPage<UsedCount, Integer> getUsedHistogram(RunId runId, KeyPage<Integer> page) {
        return overviews.usedHistogram(runId, page);
    }

    // ---- delete ----

    /** Deletes the records of one task of a run; returns how many. */
    public int deleteDatasetsByTask(String runId, String taskId) {
        return deleted(port.deleteByTask(RunId.of(runId), TaskId.of(taskId)));
    }

    private int deleted(int records) {
        activity.deleted(records);
        return records;
    }

    /** The guide's {@code delete_dataset}: false when the record did not exist. */
    public boolean deleteDataset(String trajectoryId) {
        return deleted(port.delete(TrajectoryId.of(trajectoryId)) ? 1 : 0) == 1;
    }

    /** Deletes every record of a run; returns how many. */
    public int deleteDatasetsByRunId(String runId) {
        return deleted(port.deleteByRunId(RunId.of(runId)));
    }

    // ---- who, and exactly once ----

    /**
     * This manager, writing {@code usageOrigin} (a consumer, an idempotency key) on the usage events of everything
     * done through it. Closing it closes nothing.
     */
    public DatasetManager attributedTo(UsageOrigin usageOrigin) {
        return new DatasetManager(port.attributedTo(usageOrigin), clock, usageOrigin, room, signals::changed, activity);
    }

    /** This manager with {@code consumer} (a trainer's name) on its usage events, keeping its idempotency key. */
    public DatasetManager consumedBy(Optional<String> consumer) {
        return consumer.isEmpty() ? this : attributedTo(origin.withConsumer(consumer));
    }

    /**
     * Runs {@code work} once per {@code key}: its effect and its answer (encoded by the caller) commit with the
     * key, so a retry after a crash or a lost answer gets the same answer ({@link Answer#replayed()}) and changes
     * nothing. {@code fingerprint} says what the request was (over HTTP: a hash of its method, path and body); the
     * same key with another fingerprint is an {@link dev.trajectorydatasets.domain.IdempotencyKeyReusedException}.
     * A retry while the first run is still going waits for it. A run that throws stores nothing.
     */
    public Answer idempotent(IdempotencyKey key, String fingerprint, Function<DatasetManager, Answer> work) {
        AtomicReference<UnitRun> last = new AtomicReference<>();
        Answer answer = idempotent.once(key, fingerprint, origin, (tx, keyed) -> UnitRun.start(last).manager(tx, keyed, this), work);
        release(last);
        return answer;
    }

    /** Forgets the stored answers of idempotency keys older than {@code keep}, in short batches; returns how many. */
    public long purgeIdempotencyKeys(Duration keep) {
        return idempotent.purge(keep);
    }

    /** A trajectory's usage history, oldest first: every change to its {@code used}, by whom, and why. */
    public KeyedPage<UsageEvent, Long> getUsageHistory(TrajectoryId trajectoryId, KeyPage<Long> page) {
        return getUsageEvents(UsageEventFilter.ofTrajectory(trajectoryId), page);
    }

    /** Usage events of a run, a time range, or everything, oldest first. */
    public KeyedPage<UsageEvent, Long> getUsageEvents(UsageEventFilter filter, KeyPage<Long> page) {
        return overviews.usageEvents(DatasetRules.required("filter", filter), page);
    }

    // ---- units of work ----

    /**
     * Runs {@code work} as one unit (the guide's {@code get_session()} block): everything it does through the
     * manager it is given commits together, or not at all if it throws. If the database breaks a deadlock by
     * rolling the unit back, {@code work} runs again, so it must have no effects outside the manager.
     */
    public <T> T inTransaction(Function<DatasetManager, T> work) {
        AtomicReference<UnitRun> last = new AtomicReference<>();
        T result = port.inTransaction(tx -> work.apply(UnitRun.start(last).manager(tx, origin, this)));
        release(last);
        return result;
    }

    /**
     * One run of a unit of work: what it would wake and tell, held until the unit commits. A unit the database rolls
     * back and runs again starts a new run, so only the run that committed is released.
     */
    private record UnitRun(Signals.Deferred signals, DataActivity.Deferred activity) {

        static UnitRun start(AtomicReference<UnitRun> last) {
            UnitRun run = new UnitRun(new Signals.Deferred(), new DataActivity.Deferred());
            last.set(run);
            return run;
        }

        /** The manager this run's work is given: {@code outer}'s, on the unit's port, deferring to this run. */
        DatasetManager manager(DatasetPort tx, UsageOrigin origin, DatasetManager outer) {
            return new DatasetManager(tx, outer.clock, origin, outer.room, signals, activity);
        }
    }

    /** Wakes and tells what the committed unit's last run did (nothing when no work ran: a replayed answer). */
    private void release(AtomicReference<UnitRun> last) {
        UnitRun run = last.get();
        if (run != null) {
            run.signals().flushTo(signals);
            run.activity().flushTo(activity);
        }
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
