package dev.trajectorydatasets.adapter.mysql.activity;

import dev.trajectorydatasets.adapter.mysql.lease.LeaseMapper;
import dev.trajectorydatasets.adapter.mysql.shared.OneStatement;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryMapper;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.activity.ActivityFeed;
import dev.trajectorydatasets.domain.activity.ActivityMark;
import dev.trajectorydatasets.domain.activity.StoreActivity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;
import dev.trajectorydatasets.adapter.mysql.shared.RunActivity;

/**
 * What waiting claims poll: records created after the mark, leases that ended since.
 */
public final class SqlActivity implements ActivityFeed {

    private final SqlContext context;
    private final LeaseMapper leaseMapper;
    private final TrajectoryMapper trajectoryMapper;

    public SqlActivity(SqlContext context) {
        this.context = context;
        this.leaseMapper = context.mapper(LeaseMapper.class);
        this.trajectoryMapper = context.mapper(TrajectoryMapper.class);
    }

    @Override
    @OneStatement
    public StoreActivity since(Optional<ActivityMark> mark) {
        return sql(() -> {
            Instant now = context.clock.instant();
            if (mark.isEmpty()) {
                return StoreActivity.startingAt(new ActivityMark(trajectoryMapper.newestRecordId(), now));
            }
            List<Optional<RunId>> concerned = new ArrayList<>();
            long newest = mark.get().lastRecordId();
            for (RunActivity created : trajectoryMapper.runsCreatedAfter(newest)) {
                newest = Math.max(newest, created.lastId);
                concerned.add(Optional.ofNullable(created.runId));
            }
            leaseMapper.runsOfEndedLeases(mark.get().at(), now).forEach(ended -> concerned.add(Optional.ofNullable(ended.runId)));
            return StoreActivity.of(concerned, new ActivityMark(newest, now));
        });
    }
}
