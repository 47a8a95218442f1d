package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.adapter.mysql.activity.SqlActivity;
import dev.trajectorydatasets.adapter.mysql.backup.SqlBackups;
import dev.trajectorydatasets.adapter.mysql.checkpoint.SqlCheckpoints;
import dev.trajectorydatasets.adapter.mysql.claim.ClaimLocking;
import dev.trajectorydatasets.adapter.mysql.claim.SqlClaims;
import dev.trajectorydatasets.adapter.mysql.claim.SqlPauses;
import dev.trajectorydatasets.adapter.mysql.idempotency.SqlAnswers;
import dev.trajectorydatasets.adapter.mysql.lease.SqlLeases;
import dev.trajectorydatasets.adapter.mysql.overview.SqlOverviews;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryMapper;
import dev.trajectorydatasets.adapter.mysql.trajectory.SqlTrajectories;
import dev.trajectorydatasets.adapter.mysql.usage.SqlHistory;
import dev.trajectorydatasets.adapter.mysql.usage.SqlUsage;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.group.ConsumerGroupStore;
import dev.trajectorydatasets.adapter.mysql.group.SqlConsumerGroups;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.activity.ActivityFeed;
import dev.trajectorydatasets.domain.backup.BackupStore;
import dev.trajectorydatasets.domain.checkpoint.CheckpointStore;
import dev.trajectorydatasets.domain.claim.PauseStore;
import dev.trajectorydatasets.domain.idempotency.AnswerStore;
import dev.trajectorydatasets.domain.lease.LeaseStore;
import dev.trajectorydatasets.domain.overview.OverviewStore;
import dev.trajectorydatasets.domain.trajectory.TrajectoryStore;
import dev.trajectorydatasets.domain.usage.UsageCounter;
import dev.trajectorydatasets.domain.usage.UsageHistory;

import java.util.function.Function;

/** {@link DatasetPort} inside one unit of work: every capability on the unit's {@link SqlContext}. */
final class SqlUnit implements DatasetPort {

    final SqlContext context;
    private final ClaimLocking claims;

    SqlUnit(SqlContext context, ClaimLocking claims) {
        this.context = context;
        this.claims = claims;
    }

    /** Whether the database answers a trivial query now. */
    boolean ping() {
        return SqlContext.sql(() -> context.mapper(TrajectoryMapper.class).ping() == 1);
    }

    @Override
    public TrajectoryStore trajectories() {
        return new SqlTrajectories(context);
    }

    @Override
    public UsageCounter usage() {
        return new SqlUsage(context);
    }

    @Override
    public SqlClaims claims() {
        return new SqlClaims(context, claims);
    }

    @Override
    public PauseStore pauses() {
        return new SqlPauses(context);
    }

    @Override
    public LeaseStore leases() {
        return new SqlLeases(context);
    }

    @Override
    public ConsumerGroupStore consumerGroups() {
        return new SqlConsumerGroups(context);
    }

    @Override
    public BackupStore backups() {
        return new SqlBackups(context);
    }

    @Override
    public CheckpointStore checkpoints() {
        return new SqlCheckpoints(context);
    }

    @Override
    public AnswerStore answers() {
        return new SqlAnswers(context);
    }

    @Override
    public UsageHistory history() {
        return new SqlHistory(context);
    }

    @Override
    public OverviewStore overviews() {
        return new SqlOverviews(context);
    }

    @Override
    public ActivityFeed activity() {
        return new SqlActivity(context);
    }

    /** Joins this unit: everything {@code work} does commits or rolls back with it. */
    @Override
    public <T> T inTransaction(Function<DatasetPort, T> work) {
        return work.apply(this);
    }

    /** This unit, its events carrying {@code given}. */
    @Override
    public DatasetPort attributedTo(UsageOrigin given) {
        return new SqlUnit(context.attributedTo(DatasetRules.required("origin", given)), claims);
    }
}
