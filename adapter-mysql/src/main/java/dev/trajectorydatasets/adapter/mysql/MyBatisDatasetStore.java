package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.ActivityMark;
import dev.trajectorydatasets.domain.Checkpoint;
import dev.trajectorydatasets.domain.Lease;
import dev.trajectorydatasets.domain.LeaseId;
import dev.trajectorydatasets.domain.LeaseSettlement;
import dev.trajectorydatasets.domain.LeaseTerms;
import dev.trajectorydatasets.domain.Leased;
import dev.trajectorydatasets.domain.StoreActivity;
import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.GroupClaim;
import dev.trajectorydatasets.domain.GroupClaimRequest;
import dev.trajectorydatasets.domain.GroupCriteria;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.StoredAnswer;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.ModelVersionSummary;
import dev.trajectorydatasets.domain.NewCheckpoint;
import dev.trajectorydatasets.domain.RunSummary;
import dev.trajectorydatasets.domain.RunTimeline;
import dev.trajectorydatasets.domain.TimeBuckets;
import dev.trajectorydatasets.domain.UsedCount;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TaskSummary;
import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.DatasetFilter;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.NewDataset;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.StoreBusyException;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageLimit;
import dev.trajectorydatasets.domain.UsageEvent;
import dev.trajectorydatasets.domain.UsageEventFilter;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.UsageStats;
import dev.trajectorydatasets.domain.UseResult;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * {@link DatasetPort} on a SQL database through MyBatis: MySQL 8, MariaDB 10.6+, or H2 in MySQL mode. Owns the
 * connection pool; each call runs as a {@link SqlUnitOfWork} on a session of its own: single statements in
 * auto-commit, the rest in one transaction. A unit the database rolls back to break a deadlock (or after a lock
 * wait timeout, or that a multi-primary cluster such as Galera refused at commit because another node changed the
 * same rows) runs again after a short random wait, up to {@value #ATTEMPTS} times and while less than
 * {@link #RETRY_BUDGET} has passed, then fails with {@link StoreBusyException}. Counters change in SQL ({@code used = used + ?}), never by read-modify-write.
 * Open one with {@link DatasetStores}.
 */
public final class MyBatisDatasetStore implements DatasetPort {

    static final int ATTEMPTS = 12;
    /** A retried claim picks its rows among at most this many times as many candidates (see {@link SqlUnitOfWork}). */
    static final int MAX_SPREAD = 16;
    /** No new attempt starts after this long: lock wait timeouts (5 s each) stop retrying sooner than deadlocks. */
    static final java.time.Duration RETRY_BUDGET = java.time.Duration.ofSeconds(15);

    private final SqlSessionFactory sessions;
    private final StoreResources resources;
    private final ClaimLocking claims;
    private final Clock clock;
    /** Written on the usage events of what is done through this store (a view made by {@link #attributedTo}). */
    private final UsageOrigin origin;
    /** Whether this is a view, which closes nothing. */
    private final boolean view;

    MyBatisDatasetStore(SqlSessionFactory sessions, StoreResources resources, ClaimLocking claims, Clock clock) {
        this(sessions, resources, claims, clock, UsageOrigin.NONE, false);
    }

    private MyBatisDatasetStore(SqlSessionFactory sessions, StoreResources resources, ClaimLocking claims, Clock clock,
                                UsageOrigin origin, boolean view) {
        this.sessions = sessions;
        this.resources = resources;
        this.claims = claims;
        this.clock = clock;
        this.origin = origin;
        this.view = view;
    }

    @Override
    public Dataset create(NewDataset dataset) {
        // A record created already used also writes its usage event: two statements, one transaction.
        return dataset.used() > 0 ? transaction(unit -> unit.create(dataset)) : statement(unit -> unit.create(dataset));
    }

    @Override
    public List<Dataset> createAll(List<NewDataset> datasets) {
        return transaction(unit -> unit.createAll(datasets));
    }

    @Override
    public List<Dataset> createMissing(List<NewDataset> datasets) {
        return transaction(unit -> unit.createMissing(datasets));
    }

    @Override
    public Optional<Dataset> findById(long id) {
        return statement(unit -> unit.findById(id));
    }

    @Override
    public Optional<Dataset> findByTrajectoryId(TrajectoryId trajectoryId) {
        return statement(unit -> unit.findByTrajectoryId(trajectoryId));
    }

    @Override
    public List<Dataset> find(DatasetFilter filter, PageRequest page) {
        return statement(unit -> unit.find(filter, page));
    }

    @Override
    public long count(DatasetFilter filter) {
        return statement(unit -> unit.count(filter));
    }

    @Override
    public UsageStats usageStats(Optional<RunId> runId) {
        return statement(unit -> unit.usageStats(runId));
    }

    @Override
    public Optional<Dataset> update(TrajectoryId trajectoryId, DatasetChanges changes) {
        return transaction(unit -> unit.update(trajectoryId, changes));
    }

    @Override
    public int setUsed(Collection<TrajectoryId> trajectoryIds, int used) {
        return transaction(unit -> unit.setUsed(trajectoryIds, used));
    }

    @Override
    public int setUsedEach(Map<TrajectoryId, Integer> values) {
        return transaction(unit -> unit.setUsedEach(values));
    }

    @Override
    public UseResult use(TrajectoryId trajectoryId, UsageLimit limit) {
        return transaction(unit -> unit.use(trajectoryId, limit));
    }

    @Override
    public List<UseResult> useAll(List<TrajectoryId> trajectoryIds, UsageLimit limit) {
        return transaction(unit -> unit.useAll(trajectoryIds, limit));
    }

    @Override
    public List<Dataset> claim(ClaimRequest request) {
        return claims.around(request.count(), () -> transaction(unit -> unit.claimNow(request)));
    }

    @Override
    public GroupClaim claimGroups(GroupClaimRequest request) {
        return claims.around(request.maxMembers(), () -> transaction(unit -> unit.claimGroupsNow(request)));
    }

    @Override
    public Leased<List<Dataset>> leaseClaim(ClaimRequest request, LeaseTerms terms) {
        return claims.around(request.count(), () -> transaction(unit -> unit.leaseClaimNow(request, terms)));
    }

    @Override
    public Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms) {
        return claims.around(request.maxMembers(), () -> transaction(unit -> unit.leaseGroupsNow(request, terms)));
    }

    @Override
    public Optional<Lease> lease(LeaseId id) {
        return transaction(unit -> unit.lease(id));
    }

    @Override
    public List<Lease> leasesOf(String consumer, Optional<LeaseId> after, int limit, Optional<Instant> runningAt) {
        return transaction(unit -> unit.leasesOf(consumer, after, limit, runningAt));
    }

    @Override
    public LeaseSettlement acknowledge(LeaseId id, Optional<List<TrajectoryId>> only) {
        return transaction(unit -> unit.acknowledge(id, only));
    }

    @Override
    public LeaseSettlement release(LeaseId id, Optional<List<TrajectoryId>> only) {
        return transaction(unit -> unit.release(id, only));
    }

    @Override
    public Lease extend(LeaseId id, LeaseTerms terms) {
        return transaction(unit -> unit.extend(id, terms));
    }

    @Override
    public StoreActivity activitySince(Optional<ActivityMark> mark) {
        return statement(unit -> unit.activitySince(mark));
    }

    @Override
    public int purgeLeases(Instant before, int limit) {
        return transaction(unit -> unit.purgeLeases(before, limit));
    }

    @Override
    public Checkpoint registerCheckpoint(NewCheckpoint checkpoint) {
        return transaction(unit -> unit.registerCheckpoint(checkpoint));
    }

    @Override
    public List<Checkpoint> checkpoints(RunId runId, KeyPage<Integer> page) {
        return statement(unit -> unit.checkpoints(runId, page));
    }

    @Override
    public List<RunSummary> runs(KeyPage<RunId> page) {
        return transaction(unit -> unit.runs(page));
    }

    @Override
    public List<TaskSummary> tasks(RunId runId, GroupCriteria criteria, KeyPage<TaskId> page) {
        return transaction(unit -> unit.tasks(runId, criteria, page));
    }

    @Override
    public List<ModelVersionSummary> modelVersions(RunId runId) {
        return statement(unit -> unit.modelVersions(runId));
    }

    @Override
    public RunTimeline timeline(RunId runId, TimeBuckets buckets) {
        return statement(unit -> unit.timeline(runId, buckets));
    }

    @Override
    public List<UsedCount> usedHistogram(RunId runId, KeyPage<Integer> page) {
        return statement(unit -> unit.usedHistogram(runId, page));
    }

    @Override
    public int deleteByTask(RunId runId, TaskId taskId) {
        return transaction(unit -> unit.deleteByTask(runId, taskId));
    }

    @Override
    public boolean delete(TrajectoryId trajectoryId) {
        return transaction(unit -> unit.delete(trajectoryId));
    }

    @Override
    public int deleteByRunId(RunId runId) {
        return transaction(unit -> unit.deleteByRunId(runId));
    }

    /** Outside a unit of work a reservation would commit at once and never be completed: use it in one. */
    @Override
    public Optional<StoredAnswer> reserveAnswer(IdempotencyKey key, String fingerprint, Instant at) {
        return transaction(unit -> unit.reserveAnswer(key, fingerprint, at));
    }

    @Override
    public void completeAnswer(IdempotencyKey key, int status, String body) {
        transaction(unit -> {
            unit.completeAnswer(key, status, body);
            return null;
        });
    }

    @Override
    public int purgeAnswers(Instant before, int limit) {
        return transaction(unit -> unit.purgeAnswers(before, limit));
    }

    @Override
    public List<UsageEvent> usageEvents(UsageEventFilter filter, KeyPage<Long> page) {
        return statement(unit -> unit.usageEvents(filter, page));
    }

    @Override
    public <T> T inTransaction(Function<DatasetPort, T> work) {
        return transaction(work::apply);
    }

    @Override
    public DatasetPort attributedTo(UsageOrigin given) {
        return new MyBatisDatasetStore(sessions, resources, claims, clock, DatasetRules.required("origin", given), true);
    }

    /** This store (the same pool) timed by {@code other}: a simulation, or a test that moves time. Closing it closes nothing. */
    public MyBatisDatasetStore withClock(Clock other) {
        return new MyBatisDatasetStore(sessions, resources, claims, DatasetRules.required("clock", other), origin, true);
    }

    /**
     * Applies pending schema migrations; first converts the guide's {@code datasets} table in place when the database
     * holds only that. Safe to call on every start and from several processes.
     *
     * @throws SchemaRefusedException when the database holds other tables, or guide rows the conversion would break
     */
    public void migrate() {
        try {
            resources.migrate();
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }

    /** What {@link #migrate()} would do to the database as it is now (for {@code migrate --dry-run}); changes nothing. */
    public MigrationPlan migrationPlan() {
        try {
            return resources.plan();
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }

    /** Whether the database answers a trivial query now; used by health checks. */
    public boolean isAvailable() {
        try {
            return statement(SqlUnitOfWork::ping);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Which database this store uses, without credentials: {@code "mysql 127.0.0.1:3306/test"}. */
    public String description() {
        return resources.description();
    }

    /** Closes the connection pool (a view made by {@link #attributedTo} closes nothing). */
    @Override
    public void close() {
        if (!view) {
            resources.close();
        }
    }

    private <T> T statement(Function<SqlUnitOfWork, T> work) {
        return run(true, work);
    }

    private <T> T transaction(Function<SqlUnitOfWork, T> work) {
        return run(false, work);
    }

    private <T> T run(boolean autoCommit, Function<SqlUnitOfWork, T> work) {
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                return once(autoCommit, work, attempt == 1 ? 1 : Math.min(MAX_SPREAD, 1 << (attempt - 1)));
            } catch (StoreBusyException busy) {
                if (attempt == ATTEMPTS || System.nanoTime() - started > RETRY_BUDGET.toNanos()) {
                    throw busy;
                }
                // Random waits, growing: two victims of one deadlock rarely meet again.
                long bound = Math.min(200, 5L << attempt);
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, bound) * 1_000_000L);
            }
        }
    }

    private <T> T once(boolean autoCommit, Function<SqlUnitOfWork, T> work, int spread) {
        try (SqlSession session = sessions.openSession(autoCommit)) {
            try {
                T result = work.apply(new SqlUnitOfWork(session, claims, resources.mysql(), origin, clock, spread));
                if (!autoCommit) {
                    session.commit(true);
                }
                return result;
            } catch (RuntimeException | Error e) {
                if (!autoCommit) {
                    rollbackQuietly(session, e);
                }
                throw e;
            }
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }

    private static void rollbackQuietly(SqlSession session, Throwable failure) {
        try {
            session.rollback(true);
        } catch (RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
