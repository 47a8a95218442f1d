package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.adapter.mysql.activity.SqlActivity;
import dev.trajectorydatasets.adapter.mysql.backup.SqlBackups;
import dev.trajectorydatasets.adapter.mysql.checkpoint.SqlCheckpoints;
import dev.trajectorydatasets.adapter.mysql.claim.ClaimLocking;
import dev.trajectorydatasets.adapter.mysql.claim.SqlPauses;
import dev.trajectorydatasets.adapter.mysql.idempotency.SqlAnswers;
import dev.trajectorydatasets.adapter.mysql.lease.SqlLeases;
import dev.trajectorydatasets.adapter.mysql.overview.SqlOverviews;
import dev.trajectorydatasets.adapter.mysql.shared.Dialect;
import dev.trajectorydatasets.adapter.mysql.shared.SqlErrors;
import dev.trajectorydatasets.adapter.mysql.trajectory.SqlTrajectories;
import dev.trajectorydatasets.adapter.mysql.usage.SqlHistory;
import dev.trajectorydatasets.adapter.mysql.usage.SqlUsage;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.group.ConsumerGroupStore;
import dev.trajectorydatasets.adapter.mysql.group.SqlConsumerGroups;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.StoreBusyException;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.activity.ActivityFeed;
import dev.trajectorydatasets.domain.backup.BackupStore;
import dev.trajectorydatasets.domain.checkpoint.CheckpointStore;
import dev.trajectorydatasets.domain.claim.ClaimStore;
import dev.trajectorydatasets.domain.claim.PauseStore;
import dev.trajectorydatasets.domain.idempotency.AnswerStore;
import dev.trajectorydatasets.domain.lease.LeaseStore;
import dev.trajectorydatasets.domain.overview.OverviewStore;
import dev.trajectorydatasets.domain.trajectory.TrajectoryStore;
import dev.trajectorydatasets.domain.usage.UsageCounter;
import dev.trajectorydatasets.domain.usage.UsageHistory;
import org.apache.ibatis.session.SqlSessionFactory;

import java.time.Clock;
import java.util.function.Function;

/**
 * {@link DatasetPort} on a SQL database through MyBatis: MySQL 8, MariaDB 10.6+, or H2 in MySQL mode. Owns the
 * connection pool. Each call on a capability port runs as a unit of work of its own ({@link Transactor}: single
 * statements in auto-commit, the rest in one transaction, retried after a deadlock, then {@link StoreBusyException});
 * inside {@link #inTransaction} every capability works on the unit's session ({@link SqlUnit}). Counters change in
 * SQL ({@code used = used + ?}), never by read-modify-write. Open one with {@link DatasetStores}.
 */
public final class MyBatisDatasetStore implements DatasetPort {

    private final StoreResources resources;
    private final ClaimLocking claims;
    private final Transactor units;
    /** Whether this is a view, which closes nothing. */
    private final boolean view;
    /** The capability ports, each call a unit of its own: made once per store (or view), not per call. */
    private final TrajectoryStore trajectories;
    private final UsageCounter usage;
    private final ClaimStore pooledClaims;
    private final LeaseStore leases;
    private final ConsumerGroupStore consumerGroups;
    private final PauseStore pauses;
    private final CheckpointStore checkpoints;
    private final BackupStore backups;
    private final AnswerStore answers;
    private final UsageHistory history;
    private final OverviewStore overviews;
    private final ActivityFeed activity;

    MyBatisDatasetStore(SqlSessionFactory sessions, StoreResources resources, ClaimLocking claims, Clock clock) {
        this(resources, claims, new Transactor(sessions, claims, Dialect.of(resources.mysql()), UsageOrigin.NONE, clock), false);
    }

    private MyBatisDatasetStore(StoreResources resources, ClaimLocking claims, Transactor units, boolean view) {
        this.resources = resources;
        this.claims = claims;
        this.units = units;
        this.view = view;
        this.trajectories = units.port(TrajectoryStore.class, SqlTrajectories.class, SqlUnit::trajectories);
        this.usage = units.port(UsageCounter.class, SqlUsage.class, SqlUnit::usage);
        this.pooledClaims = new PooledClaims(units, claims);
        this.leases = units.port(LeaseStore.class, SqlLeases.class, SqlUnit::leases);
        this.consumerGroups = units.port(ConsumerGroupStore.class, SqlConsumerGroups.class, SqlUnit::consumerGroups);
        this.pauses = units.port(PauseStore.class, SqlPauses.class, SqlUnit::pauses);
        this.checkpoints = units.port(CheckpointStore.class, SqlCheckpoints.class, SqlUnit::checkpoints);
        this.backups = units.port(BackupStore.class, SqlBackups.class, SqlUnit::backups);
        this.answers = units.port(AnswerStore.class, SqlAnswers.class, SqlUnit::answers);
        this.history = units.port(UsageHistory.class, SqlHistory.class, SqlUnit::history);
        this.overviews = units.port(OverviewStore.class, SqlOverviews.class, SqlUnit::overviews);
        this.activity = units.port(ActivityFeed.class, SqlActivity.class, SqlUnit::activity);
    }

    @Override
    public TrajectoryStore trajectories() {
        return trajectories;
    }

    @Override
    public UsageCounter usage() {
        return usage;
    }

    @Override
    public ClaimStore claims() {
        return pooledClaims;
    }

    @Override
    public PauseStore pauses() {
        return pauses;
    }

    @Override
    public LeaseStore leases() {
        return leases;
    }

    @Override
    public ConsumerGroupStore consumerGroups() {
        return consumerGroups;
    }

    @Override
    public BackupStore backups() {
        return backups;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /** Outside a unit of work a reservation would commit at once and never be completed: use it in one. */
    @Override
    public AnswerStore answers() {
        return answers;
    }

    @Override
    public UsageHistory history() {
        return history;
    }

    @Override
    public OverviewStore overviews() {
        return overviews;
    }

    @Override
    public ActivityFeed activity() {
        return activity;
    }

    @Override
    public <T> T inTransaction(Function<DatasetPort, T> work) {
        return units.transaction(work::apply);
    }

    @Override
    public DatasetPort attributedTo(UsageOrigin given) {
        return new MyBatisDatasetStore(resources, claims, units.attributedTo(DatasetRules.required("origin", given)), true);
    }

    /** This store (the same pool) timed by {@code other}: a simulation, or a test that moves time. Closing it closes nothing. */
    public MyBatisDatasetStore withClock(Clock other) {
        return new MyBatisDatasetStore(resources, claims, units.withClock(DatasetRules.required("clock", other)), true);
    }

    /**
     * Applies pending schema migrations; first converts the guide's {@code datasets} table in place when the database
     * holds only that. Safe to call on every start and from several processes.
     *
     * @throws SchemaRefusedException when the database holds other tables, or guide rows the conversion would break
     */
    public void migrate() {
        migrate(step -> {
        });
    }

    /**
     * {@link #migrate()}, telling {@code progress} each step of a long copy: adopting the tables of the guide's successor
     * module (dart-gui) copies their rows into this project's schema beside them, 10,000 rollouts at a time.
     */
    public void migrate(java.util.function.Consumer<String> progress) {
        try {
            resources.migrate(progress);
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
            return units.statement(unit -> unit.ping());
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
}
