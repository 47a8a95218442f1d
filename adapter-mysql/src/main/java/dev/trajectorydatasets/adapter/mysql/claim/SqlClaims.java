package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.lease.LeaseItemsText;
import dev.trajectorydatasets.adapter.mysql.lease.LeaseMapper;
import dev.trajectorydatasets.adapter.mysql.lease.LeaseRow;
import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRows;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRowMapper;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.ClaimStore;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseItem;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.LeaseTicket;
import dev.trajectorydatasets.domain.lease.Leased;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;

/**
 * Claims in SQL. The public methods bound lock memory with {@link ClaimLocking#withinUnit}; the {@code ...Now} ones are the claims themselves, for a caller that applied {@link ClaimLocking} already.
 */
public final class SqlClaims implements ClaimStore {

    private static final TrajectoryRowMapper ROWS = TrajectoryRowMapper.INSTANCE;

    private final SqlContext context;
    private final ClaimLocking locking;
    private final RecordMembers records;
    private final LeaseMapper leaseMapper;

    public SqlClaims(SqlContext context, ClaimLocking locking) {
        this.context = context;
        this.locking = locking;
        this.records = new RecordMembers(context);
        this.leaseMapper = context.mapper(LeaseMapper.class);
    }

    @Override
    public List<Trajectory> claim(ClaimRequest request) {
        return locking.withinUnit(request.count(), () -> claimNow(request));
    }

    /** The claim itself, for a caller that has already applied {@link ClaimLocking}. */
    public List<Trajectory> claimNow(ClaimRequest request) {
        if (!context.origin.group().isDefault()) {
            RunId run = ConsumerGroupClaims.runOf(context, request);
            return sql(() -> {
                ConsumerGroupClaims group = ConsumerGroupClaims.in(context, locking.skipsLocked(), run);
                List<Trajectory> taken = group.take(request, context.clock.instant());
                ConsumerGroupRows.addToUsed(context.connection(), group.group, taken.stream().map(Trajectory::id).sorted().toList(), 1);
                List<Trajectory> counted = taken.stream().map(record -> record.usedTimes(record.used() + 1)).toList();
                context.countOnce(counted, UsageKind.CLAIM);
                return counted;
            });
        }
        return sql(() -> {
            Instant now = context.clock.instant();
            ClaimRows claimRows = new ClaimRows(context.connection());
            List<Trajectory> taken = locking.take(claimRows, context.connection(), request, now, context.spread, new ClaimLocking.RowClaim() {
                @Override
                public void all(List<TrajectoryRow> rows) throws SQLException {
                    BulkStatements.addToUsed(context.connection(), rows.stream().map(TrajectoryRow::getId).toList(), 1);
                    rows.forEach(row -> row.setUsed(row.getUsed() + 1));
                }

                @Override
                public boolean ifUnchanged(TrajectoryRow row) throws SQLException {
                    if (claimRows.incrementIfUnchanged(row.getId(), row.getUsed(), request, now) != 1) {
                        return false;
                    }
                    row.setUsed(row.getUsed() + 1);
                    return true;
                }
            });
            context.countOnce(taken, UsageKind.CLAIM);
            return taken;
        });
    }

    @Override
    public GroupClaim claimGroups(GroupClaimRequest request) {
        return locking.withinUnit(request.maxMembers(), () -> claimGroupsNow(request));
    }

    /** The group claim itself, for a caller that has already applied {@link ClaimLocking}. */
    public GroupClaim claimGroupsNow(GroupClaimRequest request) {
        return sql(() -> {
            Members members = members(request.runId());
            GroupClaim chosen = GroupClaims.choose(members, request, locking.skipsLocked(), context.clock.instant());
            GroupClaim claim = GroupClaims.count(chosen, ids -> addUse(members, ids));
            context.countOnce(claim.members(), UsageKind.GROUP_CLAIM);
            return claim;
        });
    }

    // ---- leases ----
    @Override
    public Leased<List<Trajectory>> leaseClaim(ClaimRequest request, LeaseTerms terms) {
        return locking.withinUnit(request.count(), () -> leaseClaimNow(request, terms));
    }

    /** The leasing claim itself, for a caller that has already applied {@link ClaimLocking}. */
    public Leased<List<Trajectory>> leaseClaimNow(ClaimRequest request, LeaseTerms terms) {
        if (!context.origin.group().isDefault()) {
            RunId run = ConsumerGroupClaims.runOf(context, request);
            return sql(() -> {
                Instant now = context.clock.instant();
                ConsumerGroupClaims group = ConsumerGroupClaims.in(context, locking.skipsLocked(), run);
                List<Trajectory> taken = group.take(request, now);
                if (taken.isEmpty()) {
                    return new Leased<List<Trajectory>>(List.of(), Optional.empty());
                }
                Instant until = terms.expiryFrom(now);
                LeaseRow lease = newLease(request.runId(), request.maxUsed(), now, until);
                insertLease(lease, taken);
                ConsumerGroupRows.hold(context.connection(), group.group, taken.stream().map(Trajectory::id).sorted().toList(), lease.id, until);
                return new Leased<>(taken, Optional.of(new LeaseTicket(LeaseId.of(lease.id), until)));
            });
        }
        return sql(() -> {
            Instant now = context.clock.instant();
            Instant until = terms.expiryFrom(now);
            LeaseRow lease = newLease(request.runId(), request.maxUsed(), now, until);
            ClaimRows claimRows = new ClaimRows(context.connection());
            List<Trajectory> taken = locking.take(claimRows, context.connection(), request, now, context.spread, new ClaimLocking.RowClaim() {
                @Override
                public void all(List<TrajectoryRow> rows) throws SQLException {
                    insertLease(lease, ROWS.toTrajectories(rows));
                    BulkStatements.hold(context.connection(), rows.stream().map(TrajectoryRow::getId).sorted().toList(), lease.id, until);
                }

                @Override
                public boolean ifUnchanged(TrajectoryRow row) throws SQLException {
                    if (lease.id == 0) {
                        insertLease(lease, List.of());
                    }
                    return claimRows.holdIfUnchanged(row.getId(), row.getUsed(), request, now, lease.id, until) == 1;
                }
            });
            if (taken.isEmpty()) {
                return new Leased<List<Trajectory>>(List.of(), Optional.empty());
            }
            if (!locking.skipsLocked()) {
                leaseMapper.writeItems(lease.id, held(taken), null);
            }
            return new Leased<>(taken, Optional.of(new LeaseTicket(LeaseId.of(lease.id), until)));
        });
    }

    @Override
    public Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms) {
        return locking.withinUnit(request.maxMembers(), () -> leaseGroupsNow(request, terms));
    }

    /** The leasing group claim itself, for a caller that has already applied {@link ClaimLocking}. */
    public Leased<GroupClaim> leaseGroupsNow(GroupClaimRequest request, LeaseTerms terms) {
        return sql(() -> {
            Instant now = context.clock.instant();
            Members members = members(request.runId());
            GroupClaim chosen = GroupClaims.choose(members, request, locking.skipsLocked(), now);
            if (chosen.groups().isEmpty()) {
                return new Leased<>(chosen, Optional.empty());
            }
            Instant until = terms.expiryFrom(now);
            LeaseRow lease = newLease(Optional.of(request.runId()), OptionalInt.of(request.criteria().maxUsed()), now, until);
            insertLease(lease, chosen.members());
            if (members instanceof ConsumerGroupMembers) {
                ConsumerGroupRows.hold(context.connection(), ((ConsumerGroupMembers) members).group, GroupClaims.ids(chosen), lease.id, until);
            } else {
                BulkStatements.hold(context.connection(), GroupClaims.ids(chosen), lease.id, until);
            }
            return new Leased<>(chosen, Optional.of(new LeaseTicket(LeaseId.of(lease.id), until)));
        });
    }

    /** The members a group claim reads in the run: the records' own, or the unit's consumer group's (declared when new). */
    private Members members(RunId run) throws SQLException {
        if (context.origin.group().isDefault()) {
            return records;
        }
        return new ConsumerGroupMembers(context, records, ConsumerGroupClaims.in(context, locking.skipsLocked(), run).group);
    }

    private void addUse(Members members, List<Long> ids) throws SQLException {
        if (members instanceof ConsumerGroupMembers) {
            ConsumerGroupRows.addToUsed(context.connection(), ((ConsumerGroupMembers) members).group, ids, 1);
        } else {
            BulkStatements.addToUsed(context.connection(), ids, 1);
        }
    }

    /** A lease not stored yet (its id is 0 until {@link #insertLease}). */
    private LeaseRow newLease(Optional<RunId> run, OptionalInt maxUsed, Instant now, Instant until) {
        LeaseRow lease = new LeaseRow();
        lease.runId = run.orElse(null);
        lease.maxUsed = maxUsed.isPresent() ? maxUsed.getAsInt() : null;
        lease.consumer = context.origin.consumer().orElse(null);
        lease.consumerGroup = BulkStatements.groupColumn(context.origin).orElse(null);
        lease.createdAt = now;
        lease.expiresAt = until;
        return lease;
    }

    private void insertLease(LeaseRow lease, List<Trajectory> records) {
        lease.items = held(records);
        leaseMapper.insertLease(lease);
    }

    /** The rows of a new lease, held, in the order taken. */
    private static String held(List<Trajectory> records) {
        return LeaseItemsText.encode(records.stream().map(LeaseItem::held).toList());
    }
}
