package dev.trajectorydatasets.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where datasets are kept. Every store (in memory, MySQL, embedded H2) keeps the same promises, written down
 * as the {@code DatasetPortContract} test suite. Lists are ordered by id ascending. Failures are
 * {@link DatasetException}s: {@link DuplicateTrajectoryException}, {@link StoreUnavailableException} when the
 * store cannot be reached, {@link StoreBusyException} when lock conflicts outlasted the retries,
 * {@link StoreFailureException} otherwise; a failed call changes nothing.
 */
public interface DatasetPort extends AutoCloseable {

    /** Stores one record and returns it with its id. */
    Dataset create(NewDataset dataset);

    /**
     * Stores all records or none, returning them in the order given. Fails naming every duplicate as
     * {@link DuplicateTrajectoryException#among} defines them: ids that repeat in {@code datasets} and ids
     * already stored, each once, in request order.
     */
    List<Dataset> createAll(List<NewDataset> datasets);

    /**
     * Stores the records whose trajectory ids are not stored yet, in one unit of work, and leaves the others as they
     * are (an import, or a retried batch): returns the records created, in the order given. Of ids repeated in the
     * batch, the first is created.
     */
    List<Dataset> createMissing(List<NewDataset> datasets);

    Optional<Dataset> findById(long id);

    Optional<Dataset> findByTrajectoryId(TrajectoryId trajectoryId);

    /** The page of records that {@code filter} selects, ordered by id. */
    List<Dataset> find(DatasetFilter filter, PageRequest page);

    long count(DatasetFilter filter);

    /** Statistics over all records, or over one run's when {@code runId} is present. */
    UsageStats usageStats(Optional<RunId> runId);

    /** Applies {@code changes} and returns the record after them; empty when no record has the id. */
    Optional<Dataset> update(TrajectoryId trajectoryId, DatasetChanges changes);

    /**
     * Sets {@code used} on every listed record in one statement (the guide's {@code batch_update_usage}).
     *
     * @return how many of the listed records exist (and now have {@code used})
     */
    int setUsed(Collection<TrajectoryId> trajectoryIds, int used);

    /**
     * Sets {@code used} of each listed record to its own value, all or nothing, with one usage event per record whose
     * count changed: a batch update whose items carry values of their own, in a few statements however many values.
     *
     * @return how many of the listed records exist (and now have their value)
     */
    int setUsedEach(Map<TrajectoryId, Integer> values);

    /** Adds to {@code used} atomically, never passing the cap; concurrent calls never lose an increment. */
    UseResult use(TrajectoryId trajectoryId, UsageLimit limit);

    /**
     * {@link #use} for each listed id, in one unit of work, as {@link UseResult#applyAll} defines it: one result per
     * id in the order given; an id listed twice is used twice.
     */
    List<UseResult> useAll(List<TrajectoryId> trajectoryIds, UsageLimit limit);

    /**
     * Takes up to {@code request.count()} eligible records in the requested order, adds one to each one's
     * {@code used}, and returns them after the change; fewer only when fewer are eligible and not being claimed
     * at this moment, none only when none is. Atomic: concurrent claims never return the same use twice and never
     * pass {@code maxUsed}. A claim locks only the rows it takes (or a small multiple), whatever the table's size.
     */
    List<Dataset> claim(ClaimRequest request);

    /**
     * A trainer's step (see {@link GroupClaimRequest} and {@link GroupRules}): takes whole groups of one task's
     * eligible members, counts one use of each member, and returns them after the change, in the claim's task
     * order; or takes nothing when fewer than {@code minGroups} tasks are eligible. Atomic: concurrent group claims
     * and claims never return the same member twice and never pass {@code maxUsed}.
     */
    GroupClaim claimGroups(GroupClaimRequest request);

    /**
     * {@link #claim}, reserving instead of counting: the records taken (as they are, {@code used} unchanged) are held
     * by a new lease of {@code terms}, out of every other claim's and group claim's reach until it runs out. No lease
     * is made when nothing is taken.
     */
    Leased<List<Dataset>> leaseClaim(ClaimRequest request, LeaseTerms terms);

    /** {@link #claimGroups}, reserving instead of counting, as {@link #leaseClaim} does. */
    Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms);

    /** The lease with its rows; empty when there is none with this id. */
    Optional<Lease> lease(LeaseId id);

    /**
     * Up to {@code limit} leases {@code consumer} took, by id, after {@code after} when given; only those that run out
     * after {@code runningAt} when given (still live then, whatever their rows' states).
     */
    List<Lease> leasesOf(String consumer, Optional<LeaseId> after, int limit, Optional<Instant> runningAt);

    /**
     * Counts one use of each asked row of the lease ({@code only}, or all) that is still the holder's, while below
     * the lease's cap, and ends the lease for it, as {@link LeaseSettling} defines; with one usage event each. A row
     * acknowledged before is left as it is. Acknowledgements of one lease go one at a time.
     *
     * @throws LeaseNotFoundException when there is no such lease
     */
    LeaseSettlement acknowledge(LeaseId id, Optional<List<TrajectoryId>> only);

    /** Gives the asked rows (or all) back untouched: eligible again at once, {@code used} unchanged. */
    LeaseSettlement release(LeaseId id, Optional<List<TrajectoryId>> only);

    /**
     * Holds the lease's rows until {@code terms} from now.
     *
     * @throws LeaseExpiredException when it has run out already
     */
    Lease extend(LeaseId id, LeaseTerms terms);

    /**
     * What happened since {@code mark} that may have made records eligible (see {@link StoreActivity}); from no mark,
     * nothing, and the mark to start from. Cheap: what a waiting claim asks a few times a second.
     */
    StoreActivity activitySince(Optional<ActivityMark> mark);

    /** Forgets up to {@code limit} leases that expired before {@code before}, with their rows' records of them; returns how many. */
    int purgeLeases(Instant before, int limit);

    /** Registers a checkpoint, assigning its version atomically; a second initial one is a {@link DuplicateCheckpointException}. */
    Checkpoint registerCheckpoint(NewCheckpoint checkpoint);

    /** The run's checkpoints, newest first; {@code page.after()} is the version the previous page ended with. */
    List<Checkpoint> checkpoints(RunId runId, KeyPage<Integer> page);

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

    /** @return how many records of the run's task were deleted */
    int deleteByTask(RunId runId, TaskId taskId);

    /**
     * The usage events {@code filter} selects, oldest first (by event id); {@code page.after()} is the last event id
     * of the previous page. Every change to a record's {@code used} has one, written in the same unit of work, and
     * a record's events go when it is deleted: for every record, {@code used} is the sum of its events' changes.
     */
    List<UsageEvent> usageEvents(UsageEventFilter filter, KeyPage<Long> page);

    /**
     * Takes {@code key} for the calling unit of work: empty when the key was free (it is now held, and its answer
     * must be given with {@link #completeAnswer} in the same unit), the stored answer when a unit that held it
     * committed. A unit asking for a key another unit holds waits for that unit to end. Use inside
     * {@link #inTransaction}: the key, the effect and the answer commit together, or none of them does.
     */
    Optional<StoredAnswer> reserveAnswer(IdempotencyKey key, String fingerprint, Instant at);

    /** Stores the answer of the key this unit of work reserved. */
    void completeAnswer(IdempotencyKey key, int status, String body);

    /** Forgets up to {@code limit} answers stored before {@code before}; returns how many. */
    int purgeAnswers(Instant before, int limit);

    /** @return whether a record was deleted (with its usage events) */
    boolean delete(TrajectoryId trajectoryId);

    /** @return how many records of the run were deleted (with their usage events) */
    int deleteByRunId(RunId runId);

    /**
     * Runs {@code work} as one unit: everything it does through the port it is given commits together, or, if it
     * throws, none of it does. The port given belongs to the calling thread for the duration of {@code work}.
     * When the database rolls the unit back to break a deadlock, the store runs {@code work} again (a few times,
     * after a short random wait), so {@code work} must have no effects outside the port.
     */
    <T> T inTransaction(Function<DatasetPort, T> work);

    /**
     * This store, writing {@code origin} (an idempotency key, a consumer) on every usage event that what is done
     * through the view produces, in its units of work too. Closing the view closes nothing.
     */
    DatasetPort attributedTo(UsageOrigin origin);

    /** Releases what the store holds (a connection pool, say); a unit of work's port closes nothing. */
    @Override
    default void close() {
    }
}
