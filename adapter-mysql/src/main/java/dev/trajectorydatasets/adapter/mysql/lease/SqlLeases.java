package dev.trajectorydatasets.adapter.mysql.lease;

import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRows;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRuns;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.adapter.mysql.shared.HeldRow;
import dev.trajectorydatasets.adapter.mysql.shared.OneStatement;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRowMapper;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseHold;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseItem;
import dev.trajectorydatasets.domain.lease.LeaseItemState;
import dev.trajectorydatasets.domain.lease.LeaseNotFoundException;
import dev.trajectorydatasets.domain.lease.LeaseSettlement;
import dev.trajectorydatasets.domain.lease.LeaseSettling;
import dev.trajectorydatasets.domain.lease.LeaseStore;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;

/**
 * Leases in SQL: a settlement locks the lease, then its held rows in id order, and writes what {@code LeaseSettling} decided.
 */
public final class SqlLeases implements LeaseStore {

    private static final TrajectoryRowMapper ROWS = TrajectoryRowMapper.INSTANCE;

    private final SqlContext context;
    private final LeaseMapper leaseMapper;

    public SqlLeases(SqlContext context) {
        this.context = context;
        this.leaseMapper = context.mapper(LeaseMapper.class);
    }

    @Override
    public Optional<Lease> find(LeaseId id) {
        return sql(() -> Optional.ofNullable(leaseMapper.findLease(id.value())).map(LeaseRow::lease));
    }

    @Override
    public List<Lease> ofConsumer(String consumer, Optional<LeaseId> after, int limit, Optional<Instant> runningAt) {
        return sql(() -> leaseMapper.leasesOf(consumer, after.map(LeaseId::value).orElse(0L), limit, runningAt.orElse(null)).stream()
                .map(LeaseRow::lease).toList());
    }

    @Override
    public LeaseSettlement acknowledge(LeaseId id, Optional<List<TrajectoryId>> only) {
        return settle(id, LeaseSettling.Action.ACKNOWLEDGE, only);
    }

    @Override
    public LeaseSettlement release(LeaseId id, Optional<List<TrajectoryId>> only) {
        return settle(id, LeaseSettling.Action.RELEASE, only);
    }

    /** Locks the lease, then its held rows (in id order), applies {@link LeaseSettling}, and writes what it decided. */
    private LeaseSettlement settle(LeaseId id, LeaseSettling.Action action, Optional<List<TrajectoryId>> only) {
        return sql(() -> {
            Lease lease = lockedLease(id);
            OptionalInt group = groupOf(lease);
            Map<Long, LeaseSettling.Current> current = heldRows(lease, group);
            Instant now = context.clock.instant();
            LeaseSettling.Plan plan = LeaseSettling.plan(lease, action, only, current, now);
            List<Trajectory> countedRows = plan.counted().stream().sorted(java.util.Comparator.comparingLong(Trajectory::id)).toList();
            List<Long> counted = countedRows.stream().map(Trajectory::id).toList();
            List<Long> freed = plan.freed().stream().sorted().toList();
            if (group.isPresent()) {
                ConsumerGroupRows.addToUsed(context.connection(), group.getAsInt(), counted, 1);
                ConsumerGroupRows.hold(context.connection(), group.getAsInt(), counted, null, null);
                ConsumerGroupRows.hold(context.connection(), group.getAsInt(), freed, null, null);
            } else {
                BulkStatements.countAndFree(context.connection(), counted);
                BulkStatements.hold(context.connection(), freed, null, null);
            }
            if (!plan.items().isEmpty()) {
                leaseMapper.writeItems(id.value(), LeaseItemsText.encode(lease.withItems(plan.items()).items()), plan.freesRows() ? now : null);
            }
            if (!counted.isEmpty()) {
                UsageOrigin acker = context.origin.withConsumer(context.origin.consumer().or(lease::consumer)).inGroup(lease.group());
                BulkStatements.insertEvents(context.connection(), countedRows, Collections.nCopies(countedRows.size(), 1), UsageKind.ACKNOWLEDGE, now, acker);
            }
            return plan.settlement();
        });
    }

    @Override
    public Lease extend(LeaseId id, LeaseTerms terms) {
        return sql(() -> {
            Lease lease = lockedLease(id);
            OptionalInt group = groupOf(lease);
            Map<Long, LeaseHold> holds = new HashMap<>();
            heldRows(lease, group).forEach((record, row) -> holds.put(record, row.hold()));
            LeaseSettling.Extension extension = LeaseSettling.extend(lease, terms, context.clock.instant(), holds);
            Instant until = extension.lease().expiresAt();
            leaseMapper.expireAt(id.value(), until);
            if (group.isPresent()) {
                ConsumerGroupRows.hold(context.connection(), group.getAsInt(), extension.rows(), id.value(), until);
            } else {
                BulkStatements.hold(context.connection(), extension.rows(), id.value(), until);
            }
            return extension.lease();
        });
    }

    private Lease lockedLease(LeaseId id) {
        LeaseRow row = leaseMapper.lockLease(DatasetRules.required("leaseId", id).value());
        if (row == null) {
            throw new LeaseNotFoundException(id);
        }
        return row.lease();
    }

    /** The stored id of the lease's consumer group in its run; empty for the default group (or a group deleted since). */
    private OptionalInt groupOf(Lease lease) throws SQLException {
        if (lease.group().isDefault() || lease.runId().isEmpty()) {
            return OptionalInt.empty();
        }
        OptionalInt found = ConsumerGroupRuns.find(context.connection(), lease.runId().get(), lease.group());
        return found.isPresent() ? found : OptionalInt.of(-1);
    }

    /** The lease's held rows that still exist, locked in id order, with their holds (in its consumer group when it has one). */
    private Map<Long, LeaseSettling.Current> heldRows(Lease lease, OptionalInt group) throws SQLException {
        List<Long> ids = lease.items().stream().filter(item -> item.state() == LeaseItemState.HELD)
                .map(LeaseItem::datasetId).sorted().toList();
        Map<Long, LeaseSettling.Current> current = new HashMap<>();
        if (group.isPresent()) {
            Map<Long, ConsumerGroupRows.Count> counts = ConsumerGroupRows.lock(context.connection(), group.getAsInt(), ids);
            for (TrajectoryRow row : ConsumerGroupRows.records(context.connection(), List.copyOf(counts.keySet()))) {
                ConsumerGroupRows.Count count = counts.get(row.getId());
                current.put(row.getId(), new LeaseSettling.Current(ROWS.toTrajectory(row).usedTimes(count.used()), count.hold()));
            }
            return current;
        }
        for (HeldRow row : BulkStatements.lockHeldRows(context.connection(), ids)) {
            current.put(row.getId(), new LeaseSettling.Current(ROWS.toTrajectory(row), row.hold()));
        }
        return current;
    }

    @Override
    @OneStatement
    public int deleteOfRun(RunId runId) {
        return sql(() -> leaseMapper.deleteOfRun(DatasetRules.required("runId", runId)));
    }

    @Override
    public int purge(Instant before, int limit) {
        return sql(() -> {
            List<Long> ids = leaseMapper.expiredLeaseIds(before, limit);
            if (ids.isEmpty()) {
                return 0;
            }
            return leaseMapper.deleteLeases(ids);
        });
    }
}
