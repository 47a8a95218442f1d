package dev.trajectorydatasets.adapter.mysql;

import java.util.ArrayList;
import java.util.List;
import dev.trajectorydatasets.domain.activity.ActivityFeed;
import dev.trajectorydatasets.domain.activity.ActivityMark;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.activity.StoreActivity;
import java.time.Instant;
import java.util.Optional;

import static dev.trajectorydatasets.adapter.mysql.SqlContext.sql;

/**
 * What waiting claims poll: records created after the mark, leases that ended since.
 */
final class SqlActivity implements ActivityFeed {

    private final SqlContext context;
    private final LeaseMapper leaseMapper;
    private final TrajectoryMapper trajectoryMapper;

    SqlActivity(SqlContext context) {
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
            for (OverviewRows.RunActivity created : trajectoryMapper.runsCreatedAfter(newest)) {
                newest = Math.max(newest, created.lastId);
                concerned.add(Optional.ofNullable(created.runId));
            }
            leaseMapper.runsOfEndedLeases(mark.get().at(), now).forEach(ended -> concerned.add(Optional.ofNullable(ended.runId)));
            return StoreActivity.of(concerned, new ActivityMark(newest, now));
        });
    }
}
