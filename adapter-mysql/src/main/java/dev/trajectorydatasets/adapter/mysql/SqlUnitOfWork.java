package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.ActivityMark;
import dev.trajectorydatasets.domain.Checkpoint;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.Lease;
import dev.trajectorydatasets.domain.LeaseExpiredException;
import dev.trajectorydatasets.domain.LeaseId;
import dev.trajectorydatasets.domain.LeaseItem;
import dev.trajectorydatasets.domain.LeaseItemState;
import dev.trajectorydatasets.domain.LeaseNotFoundException;
import dev.trajectorydatasets.domain.LeaseSettlement;
import dev.trajectorydatasets.domain.LeaseSettling;
import dev.trajectorydatasets.domain.LeaseTerms;
import dev.trajectorydatasets.domain.LeaseTicket;
import dev.trajectorydatasets.domain.Leased;
import dev.trajectorydatasets.domain.StoreActivity;
import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.DuplicateCheckpointException;
import dev.trajectorydatasets.domain.GroupClaim;
import dev.trajectorydatasets.domain.GroupClaimRequest;
import dev.trajectorydatasets.domain.GroupCriteria;
import dev.trajectorydatasets.domain.GroupRules;
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
import dev.trajectorydatasets.domain.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.NewDataset;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.StoreBusyException;
import dev.trajectorydatasets.domain.StoreFailureException;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageLimit;
import dev.trajectorydatasets.domain.UsageEvent;
import dev.trajectorydatasets.domain.UsageEventFilter;
import dev.trajectorydatasets.domain.UsageKind;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.UsageStats;
import dev.trajectorydatasets.domain.UseResult;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

import java.util.Collections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@link DatasetPort} on one open {@link SqlSession}: what runs inside one unit of work. It neither commits nor
 * retries; {@link MyBatisDatasetStore} opens it, commits or rolls it back, and retries it after a deadlock.
 */
final class SqlUnitOfWork implements DatasetPort {

    private static final DatasetRowMapper ROWS = DatasetRowMapper.INSTANCE;
    private static final int DUPLICATE_ATTEMPTS = 3;

    private final SqlSession session;
    private final DatasetMapper mapper;
    private final ClaimLocking claims;
    /** MySQL or MariaDB (not H2): multi-table {@code UPDATE ... JOIN} is there to use. */
    private final boolean mysql;
    private final UsageOrigin origin;
    private final Clock clock;

    /**
     * How widely this unit's claims spread over their candidates: 1 on a first attempt (the first rows in the
     * claim's order); more on a retry after a conflict, so claimers that met on the same rows (claimers on two
     * nodes of a Galera cluster, whose locks the other node does not see) take different ones next time.
     */
    private final int spread;

    SqlUnitOfWork(SqlSession session, ClaimLocking claims, boolean mysql, UsageOrigin origin, Clock clock, int spread) {
        this.session = session;
        this.mapper = session.getMapper(DatasetMapper.class);
        this.claims = claims;
        this.mysql = mysql;
        this.origin = origin;
        this.clock = clock;
        this.spread = spread;
    }

    /** Writes the usage events of changes to these records' {@code used} (after the change); none for a change of 0. */
    private void count(List<Dataset> after, List<Integer> changes, UsageKind kind) throws SQLException {
        BulkStatements.insertEvents(connection(), after, changes, kind, clock.instant(), origin);
    }

    /** One use each. */
    private void countOnce(List<Dataset> after, UsageKind kind) throws SQLException {
        count(after, Collections.nCopies(after.size(), 1), kind);
    }

    private void countUsedAtCreation(List<Dataset> created) throws SQLException {
        count(created, created.stream().map(Dataset::used).toList(), UsageKind.CREATE);
    }

    boolean ping() {
        return sql(() -> mapper.ping() == 1);
    }

    @Override
    public Dataset create(NewDataset dataset) {
        return sql(() -> {
            DatasetRow row = ROWS.toRow(dataset);
            try {
                mapper.insert(row);
            } catch (RuntimeException e) {
                if (SqlErrors.isDuplicateTrajectory(e)) {
                    throw new DuplicateTrajectoryException(List.of(dataset.trajectoryId()));
                }
                throw e;
            }
            Dataset created = dataset.stored(row.getId());
            countUsedAtCreation(List.of(created));
            return created;
        });
    }

    /** Inserts every chunk under a savepoint; on a duplicate, undoes them all and names every duplicate. */
    @Override
    public List<Dataset> createAll(List<NewDataset> datasets) {
        if (datasets.isEmpty()) {
            return List.of();
        }
        List<TrajectoryId> ids = datasets.stream().map(NewDataset::trajectoryId).toList();
        return sql(() -> {
            if (DuplicateTrajectoryException.repeats(ids)) {
                throw new DuplicateTrajectoryException(duplicatesAmong(ids));
            }
            for (int attempt = 1; attempt <= DUPLICATE_ATTEMPTS; attempt++) {
                Optional<List<Dataset>> stored = insertAtSavepoint(datasets);
                if (stored.isPresent()) {
                    return stored.get();
                }
                List<TrajectoryId> duplicates = duplicatesAmong(ids);
                if (!duplicates.isEmpty()) {
                    throw new DuplicateTrajectoryException(duplicates);
                }
                // The clashing record was deleted meanwhile: try again.
            }
            throw new StoreFailureException("the datasets store kept reporting a duplicate it could not name", null);
        });
    }

    /** Inserts the records not stored yet; one that appears meanwhile (another writer) is left out on a retry. */
    @Override
    public List<Dataset> createMissing(List<NewDataset> datasets) {
        return sql(() -> {
            for (int attempt = 1; attempt <= DUPLICATE_ATTEMPTS; attempt++) {
                Set<String> stored = new HashSet<>();
                List<TrajectoryId> distinct = List.copyOf(new LinkedHashSet<>(datasets.stream().map(NewDataset::trajectoryId).toList()));
                BulkStatements.inChunks(distinct, chunk -> stored.addAll(mapper.findExistingTrajectoryIds(chunk)));
                Set<TrajectoryId> seen = new HashSet<>();
                List<NewDataset> missing = datasets.stream()
                        .filter(d -> !stored.contains(d.trajectoryId().value()) && seen.add(d.trajectoryId())).toList();
                if (missing.isEmpty()) {
                    return List.<Dataset>of();
                }
                Optional<List<Dataset>> created = insertAtSavepoint(missing);
                if (created.isPresent()) {
                    return created.get();
                }
            }
            throw new StoreFailureException("the datasets store kept meeting new duplicates while creating what was missing", null);
        });
    }

    /**
     * Inserts the records (and the usage events of those created already used) under a savepoint: the stored
     * records, or empty when a trajectory id turned out to be stored (everything since the savepoint undone).
     */
    private Optional<List<Dataset>> insertAtSavepoint(List<NewDataset> datasets) throws SQLException {
        Savepoint savepoint = connection().setSavepoint();
        try {
            List<Long> created = BulkStatements.insert(connection(), datasets);
            List<Dataset> stored = new ArrayList<>(datasets.size());
            for (int i = 0; i < datasets.size(); i++) {
                stored.add(datasets.get(i).stored(created.get(i)));
            }
            countUsedAtCreation(stored);
            return Optional.of(List.copyOf(stored));
        } catch (SQLException e) {
            if (!SqlErrors.isDuplicateTrajectory(e)) {
                throw e;
            }
            connection().rollback(savepoint);
            return Optional.empty();
        }
    }

    /** The batch's duplicates by the domain's rule, with the stored ones read in chunks. */
    private List<TrajectoryId> duplicatesAmong(List<TrajectoryId> ids) throws SQLException {
        List<TrajectoryId> distinct = List.copyOf(new LinkedHashSet<>(ids));
        Set<String> stored = new HashSet<>();
        BulkStatements.inChunks(distinct, chunk -> stored.addAll(mapper.findExistingTrajectoryIds(chunk)));
        return DuplicateTrajectoryException.among(ids, id -> stored.contains(id.value()));
    }

    @Override
    public Optional<Dataset> findById(long id) {
        return sql(() -> Optional.ofNullable(mapper.findById(id)).map(ROWS::toDataset));
    }

    @Override
    public Optional<Dataset> findByTrajectoryId(TrajectoryId trajectoryId) {
        return sql(() -> Optional.ofNullable(mapper.findByTrajectoryId(trajectoryId)).map(ROWS::toDataset));
    }

    @Override
    public List<Dataset> find(DatasetFilter filter, PageRequest page) {
        return sql(() -> List.copyOf(ROWS.toDatasets(mapper.find(filter, page))));
    }

    @Override
    public long count(DatasetFilter filter) {
        return sql(() -> mapper.count(filter));
    }

    @Override
    public UsageStats usageStats(Optional<RunId> runId) {
        return sql(() -> ROWS.toStats(mapper.usageStats(runId)));
    }

    @Override
    public Optional<Dataset> update(TrajectoryId trajectoryId, DatasetChanges changes) {
        return sql(() -> {
            int usedBefore = 0;
            if (changes.used().isPresent()) {
                List<DatasetRow> locked = mapper.lockByTrajectoryIds(List.of(trajectoryId));
                if (locked.isEmpty()) {
                    return Optional.empty();
                }
                usedBefore = locked.get(0).getUsed();
            }
            if (mapper.update(trajectoryId, changes) == 0) {
                return Optional.empty();
            }
            Dataset after = ROWS.toDataset(mapper.findByTrajectoryId(trajectoryId));
            if (changes.used().isPresent()) {
                count(List.of(after), List.of(after.used() - usedBefore), UsageKind.SET);
            }
            return Optional.of(after);
        });
    }

    /** {@link #setUsedEach}, every value the same. */
    @Override
    public int setUsed(Collection<TrajectoryId> trajectoryIds, int used) {
        Map<TrajectoryId, Integer> values = new TreeMap<>();
        trajectoryIds.forEach(id -> values.put(id, used));
        return setUsedEach(values);
    }

    /**
     * A few statements whatever the values. On MySQL and MariaDB the events and
     * the values are written from the values joined as a derived table ({@link BulkStatements#setUsedJoined}); on H2,
     * which has no {@code UPDATE ... JOIN}, the rows are locked and read in trajectory-id order, then one batched
     * UPDATE by primary key and the events.
     */
    @Override
    public int setUsedEach(Map<TrajectoryId, Integer> values) {
        values.values().forEach(used -> DatasetRules.notNegative("used", used));
        if (mysql) {
            List<Map.Entry<TrajectoryId, Integer>> sorted = List.copyOf(new TreeMap<>(values).entrySet());
            return sql(() -> BulkStatements.setUsedJoined(connection(), sorted, UsageKind.SET, clock.instant(), origin));
        }
        List<TrajectoryId> ids = List.copyOf(new TreeSet<>(values.keySet()));
        return sql(() -> {
            List<Dataset> before = new ArrayList<>();
            BulkStatements.inChunks(ids, chunk -> before.addAll(ROWS.toDatasets(mapper.lockByTrajectoryIds(chunk))));
            List<Dataset> after = new ArrayList<>(before.size());
            List<Integer> changes = new ArrayList<>(before.size());
            for (Dataset record : before) {
                int used = values.get(record.trajectoryId());
                after.add(record.usedTimes(used));
                changes.add(used - record.used());
            }
            BulkStatements.setUsedEach(connection(), after);
            count(after, changes, UsageKind.SET);
            return before.size();
        });
    }

    @Override
    public UseResult use(TrajectoryId trajectoryId, UsageLimit limit) {
        return sql(() -> {
            int changed = mapper.increment(trajectoryId, limit.by(), limit.highestUsedAllowed());
            // Same transaction: the row is locked by our UPDATE, so this reads exactly what it left.
            DatasetRow row = mapper.findByTrajectoryId(trajectoryId);
            if (row == null) {
                return UseResult.notFound(trajectoryId);
            }
            Dataset dataset = ROWS.toDataset(row);
            if (changed == 1) {
                count(List.of(dataset), List.of(limit.by()), UsageKind.USE);
                return UseResult.used(dataset);
            }
            return UseResult.atLimit(dataset);
        });
    }

    /** Locks the listed rows in trajectory-id order, applies the domain's rule, then writes one UPDATE per amount. */
    @Override
    public List<UseResult> useAll(List<TrajectoryId> trajectoryIds, UsageLimit limit) {
        return sql(() -> {
            List<TrajectoryId> distinct = List.copyOf(new TreeSet<>(trajectoryIds));
            Map<TrajectoryId, Dataset> current = new HashMap<>();
            BulkStatements.inChunks(distinct, chunk -> {
                for (DatasetRow row : mapper.lockByTrajectoryIds(chunk)) {
                    current.put(row.getTrajectoryId(), ROWS.toDataset(row));
                }
                return null;
            });
            Map<TrajectoryId, Integer> before = new HashMap<>();
            current.forEach((id, record) -> before.put(id, record.used()));
            List<UseResult> results = UseResult.applyAll(trajectoryIds, limit, current);
            Map<Integer, List<Long>> byAmount = new HashMap<>();
            List<Dataset> changed = new ArrayList<>();
            List<Integer> added = new ArrayList<>();
            for (TrajectoryId id : distinct) {
                Dataset after = current.get(id);
                if (after != null && after.used() > before.get(id)) {
                    int amount = after.used() - before.get(id);
                    byAmount.computeIfAbsent(amount, a -> new ArrayList<>()).add(after.id());
                    changed.add(after);
                    added.add(amount);
                }
            }
            count(changed, added, UsageKind.USE);
            for (Map.Entry<Integer, List<Long>> amount : byAmount.entrySet()) {
                BulkStatements.addToUsed(connection(), amount.getValue().stream().sorted().toList(), amount.getKey());
            }
            return results;
        });
    }

    @Override
    public List<Dataset> claim(ClaimRequest request) {
        return claims.withinUnit(request.count(), () -> claimNow(request));
    }

    /** The claim itself, for a caller that has already applied {@link ClaimLocking}. */
    List<Dataset> claimNow(ClaimRequest request) {
        return sql(() -> {
            Instant now = clock.instant();
            List<Dataset> taken = claims.take(mapper, connection(), request, now, spread, new ClaimLocking.RowClaim() {
                @Override
                public void all(List<DatasetRow> rows) throws SQLException {
                    BulkStatements.addToUsed(connection(), rows.stream().map(DatasetRow::getId).toList(), 1);
                    rows.forEach(row -> row.setUsed(row.getUsed() + 1));
                }

                @Override
                public boolean ifUnchanged(DatasetRow row) {
                    if (mapper.incrementIfUnchanged(row.getId(), row.getUsed(), request, now) != 1) {
                        return false;
                    }
                    row.setUsed(row.getUsed() + 1);
                    return true;
                }
            });
            countOnce(taken, UsageKind.CLAIM);
            return taken;
        });
    }

    @Override
    public GroupClaim claimGroups(GroupClaimRequest request) {
        return claims.withinUnit(request.maxMembers(), () -> claimGroupsNow(request));
    }

    /** The group claim itself, for a caller that has already applied {@link ClaimLocking}. */
    GroupClaim claimGroupsNow(GroupClaimRequest request) {
        return sql(() -> {
            GroupClaim claim = GroupClaims.count(connection(), GroupClaims.choose(mapper, request, claims.skipsLocked(), clock.instant()));
            countOnce(claim.members(), UsageKind.GROUP_CLAIM);
            return claim;
        });
    }

    // ---- leases ----

    @Override
    public Leased<List<Dataset>> leaseClaim(ClaimRequest request, LeaseTerms terms) {
        return claims.withinUnit(request.count(), () -> leaseClaimNow(request, terms));
    }

    /** The leasing claim itself, for a caller that has already applied {@link ClaimLocking}. */
    Leased<List<Dataset>> leaseClaimNow(ClaimRequest request, LeaseTerms terms) {
        return sql(() -> {
            Instant now = clock.instant();
            Instant until = terms.expiryFrom(now);
            OverviewRows.LeaseRow lease = newLease(request.runId(), request.maxUsed(), now, until);
            List<Dataset> taken = claims.take(mapper, connection(), request, now, spread, new ClaimLocking.RowClaim() {
                @Override
                public void all(List<DatasetRow> rows) throws SQLException {
                    insertLease(lease, ROWS.toDatasets(rows));
                    BulkStatements.hold(connection(), rows.stream().map(DatasetRow::getId).sorted().toList(), lease.id, until);
                }

                @Override
                public boolean ifUnchanged(DatasetRow row) {
                    if (lease.id == 0) {
                        insertLease(lease, List.of());
                    }
                    return mapper.holdIfUnchanged(row.getId(), row.getUsed(), request, now, lease.id, until) == 1;
                }
            });
            if (taken.isEmpty()) {
                return new Leased<List<Dataset>>(List.of(), Optional.empty());
            }
            if (!claims.skipsLocked()) {
                mapper.writeItems(lease.id, held(taken), null);
            }
            return new Leased<>(taken, Optional.of(new LeaseTicket(LeaseId.of(lease.id), until)));
        });
    }

    @Override
    public Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms) {
        return claims.withinUnit(request.maxMembers(), () -> leaseGroupsNow(request, terms));
    }

    /** The leasing group claim itself, for a caller that has already applied {@link ClaimLocking}. */
    Leased<GroupClaim> leaseGroupsNow(GroupClaimRequest request, LeaseTerms terms) {
        return sql(() -> {
            Instant now = clock.instant();
            GroupClaim chosen = GroupClaims.choose(mapper, request, claims.skipsLocked(), now);
            if (chosen.groups().isEmpty()) {
                return new Leased<>(chosen, Optional.empty());
            }
            Instant until = terms.expiryFrom(now);
            OverviewRows.LeaseRow lease = newLease(Optional.of(request.runId()), OptionalInt.of(request.criteria().maxUsed()), now, until);
            insertLease(lease, chosen.members());
            BulkStatements.hold(connection(), GroupClaims.ids(chosen), lease.id, until);
            return new Leased<>(chosen, Optional.of(new LeaseTicket(LeaseId.of(lease.id), until)));
        });
    }

    /** A lease not stored yet (its id is 0 until {@link #insertLease}). */
    private OverviewRows.LeaseRow newLease(Optional<RunId> run, OptionalInt maxUsed, Instant now, Instant until) {
        OverviewRows.LeaseRow lease = new OverviewRows.LeaseRow();
        lease.runId = run.orElse(null);
        lease.maxUsed = maxUsed.isPresent() ? maxUsed.getAsInt() : null;
        lease.consumer = origin.consumer().orElse(null);
        lease.createdAt = now;
        lease.expiresAt = until;
        return lease;
    }

    private void insertLease(OverviewRows.LeaseRow lease, List<Dataset> records) {
        lease.items = held(records);
        mapper.insertLease(lease);
    }

    /** The rows of a new lease, held, in the order taken. */
    private static String held(List<Dataset> records) {
        return LeaseItemsText.encode(records.stream().map(LeaseItem::held).toList());
    }

    @Override
    public Optional<Lease> lease(LeaseId id) {
        return sql(() -> Optional.ofNullable(mapper.findLease(id.value())).map(OverviewRows.LeaseRow::lease));
    }

    @Override
    public List<Lease> leasesOf(String consumer, Optional<LeaseId> after, int limit, Optional<Instant> runningAt) {
        return sql(() -> mapper.leasesOf(consumer, after.map(LeaseId::value).orElse(0L), limit, runningAt.orElse(null)).stream()
                .map(OverviewRows.LeaseRow::lease).toList());
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
            Map<Long, LeaseSettling.Current> current = heldRows(lease);
            Instant now = clock.instant();
            LeaseSettling.Plan plan = LeaseSettling.plan(lease, action, only, current, now);
            List<Dataset> countedRows = plan.counted().stream().sorted(java.util.Comparator.comparingLong(Dataset::id)).toList();
            List<Long> counted = countedRows.stream().map(Dataset::id).toList();
            BulkStatements.countAndFree(connection(), counted);
            BulkStatements.hold(connection(), plan.freed().stream().sorted().toList(), null, null);
            if (!plan.items().isEmpty()) {
                mapper.writeItems(id.value(), LeaseItemsText.encode(lease.withItems(plan.items()).items()), plan.freesRows() ? now : null);
            }
            if (!counted.isEmpty()) {
                UsageOrigin acker = origin.withConsumer(origin.consumer().or(lease::consumer));
                BulkStatements.insertEvents(connection(), countedRows, Collections.nCopies(countedRows.size(), 1), UsageKind.ACKNOWLEDGE, now, acker);
            }
            return plan.settlement();
        });
    }

    @Override
    public Lease extend(LeaseId id, LeaseTerms terms) {
        return sql(() -> {
            Lease lease = lockedLease(id);
            Instant now = clock.instant();
            if (lease.expiredAt(now)) {
                throw new LeaseExpiredException(id, lease.expiresAt());
            }
            Instant until = terms.expiryFrom(now);
            mapper.expireAt(id.value(), until);
            List<Long> ours = new ArrayList<>();
            heldRows(lease).forEach((record, row) -> {
                if (row.hold() != null && row.hold().leaseId().equals(id)) {
                    ours.add(record);
                }
            });
            ours.sort(null);
            BulkStatements.hold(connection(), ours, id.value(), until);
            return lease.expiringAt(until);
        });
    }

    private Lease lockedLease(LeaseId id) {
        OverviewRows.LeaseRow row = mapper.lockLease(DatasetRules.required("leaseId", id).value());
        if (row == null) {
            throw new LeaseNotFoundException(id);
        }
        return row.lease();
    }

    /** The lease's held rows that still exist, locked in id order, with their holds. */
    private Map<Long, LeaseSettling.Current> heldRows(Lease lease) throws SQLException {
        List<Long> ids = lease.items().stream().filter(item -> item.state() == LeaseItemState.HELD)
                .map(LeaseItem::datasetId).sorted().toList();
        Map<Long, LeaseSettling.Current> current = new HashMap<>();
        for (OverviewRows.HeldRow row : BulkStatements.lockHeldRows(connection(), ids)) {
            current.put(row.getId(), new LeaseSettling.Current(ROWS.toDataset(row), row.hold()));
        }
        return current;
    }

    @Override
    public StoreActivity activitySince(Optional<ActivityMark> mark) {
        return sql(() -> {
            Instant now = clock.instant();
            if (mark.isEmpty()) {
                return new StoreActivity(Set.of(), false, new ActivityMark(mapper.newestRecordId(), now));
            }
            Set<RunId> runs = new HashSet<>();
            boolean outside = false;
            long newest = mark.get().lastRecordId();
            for (OverviewRows.RunActivity created : mapper.runsCreatedAfter(newest)) {
                newest = Math.max(newest, created.lastId);
                outside |= created.runId == null;
                if (created.runId != null) {
                    runs.add(created.runId);
                }
            }
            for (OverviewRows.RunActivity ended : mapper.runsOfEndedLeases(mark.get().at(), now)) {
                outside |= ended.runId == null;
                if (ended.runId != null) {
                    runs.add(ended.runId);
                }
            }
            return new StoreActivity(runs, outside, new ActivityMark(newest, now));
        });
    }

    @Override
    public int purgeLeases(Instant before, int limit) {
        return sql(() -> {
            List<Long> ids = mapper.expiredLeaseIds(before, limit);
            if (ids.isEmpty()) {
                return 0;
            }
            return mapper.deleteLeases(ids);
        });
    }

    /** Registrations of one run queue on its {@code checkpoint_runs} row, then read the highest version. */
    @Override
    public Checkpoint registerCheckpoint(NewCheckpoint checkpoint) {
        return sql(() -> {
            RunId run = checkpoint.runId();
            mapper.lockCheckpointRun(run);
            int version;
            if (checkpoint.initial()) {
                if (mapper.hasVersion(run, 0) > 0) {
                    throw new DuplicateCheckpointException(run, 0);
                }
                version = 0;
            } else {
                Integer highest = mapper.highestVersion(run);
                version = highest == null ? 1 : highest + 1;
            }
            try {
                mapper.insertCheckpoint(checkpoint, version);
            } catch (PersistenceException taken) {
                if (!SqlErrors.isDuplicateOf(taken, "primary")) {
                    throw taken;
                }
                // The lock above holds on this database server only: on a multi-primary cluster (Galera) a
                // registration through another node took this version meanwhile. An initial one is a duplicate;
                // any other is worked out again (the unit is retried as a conflict).
                if (checkpoint.initial()) {
                    throw new DuplicateCheckpointException(run, 0);
                }
                throw new StoreBusyException("checkpoint " + version + " of run " + run.value()
                        + " was registered elsewhere at the same time", taken);
            }
            return checkpoint.stored(version);
        });
    }

    @Override
    public List<Checkpoint> checkpoints(RunId runId, KeyPage<Integer> page) {
        return sql(() -> mapper.checkpoints(runId, page).stream().map(OverviewRows.CheckpointRow::checkpoint).toList());
    }

    @Override
    public List<RunSummary> runs(KeyPage<RunId> page) {
        return sql(() -> {
            List<OverviewRows.RunRow> rows = mapper.runs(page);
            if (rows.isEmpty()) {
                return List.of();
            }
            Map<RunId, Integer> newest = new HashMap<>();
            mapper.newestCheckpoints(rows.stream().map(row -> row.runId).toList())
                    .forEach(row -> newest.put(row.runId, row.version));
            return rows.stream().map(row -> new RunSummary(row.runId, row.trajectories, row.unused, row.totalUses,
                    row.newestModelVersion, newest.containsKey(row.runId) ? OptionalInt.of(newest.get(row.runId)) : OptionalInt.empty(),
                    row.firstCreatedAt, row.lastCreatedAt)).toList();
        });
    }

    @Override
    public List<TaskSummary> tasks(RunId runId, GroupCriteria criteria, KeyPage<TaskId> page) {
        return sql(() -> {
            List<OverviewRows.TaskRow> rows = mapper.taskTotals(runId, page);
            if (rows.isEmpty()) {
                return List.of();
            }
            GroupRules rules = GroupClaims.rules(mapper, runId, criteria);
            // Counted in the database: a request's memory follows the page of tasks, not how many members they have.
            Map<TaskId, OverviewRows.MemberTally> eligible = new HashMap<>();
            if (!GroupClaims.admitsNothing(rules)) {
                mapper.memberTallies(runId, rules, GroupClaims.usedValues(rules), rows.stream().map(row -> row.taskId).toList(),
                        clock.instant()).forEach(tally -> eligible.put(tally.taskId, tally));
            }
            OverviewRows.MemberTally none = new OverviewRows.MemberTally();
            return rows.stream().map(row -> {
                OverviewRows.MemberTally members = eligible.getOrDefault(row.taskId, none);
                return new TaskSummary(row.taskId, row.trajectories, members.members,
                        rules.admitsTask(members.members, members.rewardSum == null ? 0 : members.rewardSum, members.positives),
                        OverviewRows.optional(row.meanReward), row.leastUsed, row.newestModelVersion, row.firstCreatedAt);
            }).toList();
        });
    }

    @Override
    public List<ModelVersionSummary> modelVersions(RunId runId) {
        return sql(() -> mapper.modelVersions(runId).stream().map(OverviewRows.VersionRow::summary).toList());
    }

    @Override
    public RunTimeline timeline(RunId runId, TimeBuckets buckets) {
        DatasetRules.required("buckets", buckets);
        return sql(() -> {
            Instant start = buckets.start();
            Instant end = buckets.end();
            long seconds = buckets.width().getSeconds();
            RunTimeline.Tally tally = new RunTimeline.Tally(buckets);
            for (OverviewRows.BucketRow row : mapper.createdPerBucket(runId, start, end, seconds)) {
                tally.created(row.bucket, row.n);
            }
            for (OverviewRows.BucketRow row : mapper.firstUsedPerBucket(runId, start, end, seconds)) {
                tally.firstUsed(row.bucket, row.n);
            }
            for (OverviewRows.BucketRow row : mapper.usesPerBucket(runId, start, end, seconds)) {
                tally.counted(row.bucket, UsageKind.valueOf(row.kind), row.n);
            }
            return tally.timeline(runId);
        });
    }

    @Override
    public List<UsedCount> usedHistogram(RunId runId, KeyPage<Integer> page) {
        DatasetRules.required("page", page);
        return sql(() -> mapper.usedHistogram(runId, page).stream().map(OverviewRows.UsedRow::count).toList());
    }

    @Override
    public int deleteByTask(RunId runId, TaskId taskId) {
        return sql(() -> {
            mapper.deleteTaskHistory(runId, taskId);
            return mapper.deleteByTask(runId, taskId);
        });
    }

    @Override
    public boolean delete(TrajectoryId trajectoryId) {
        return sql(() -> {
            mapper.deleteHistory(trajectoryId);
            return mapper.delete(trajectoryId) > 0;
        });
    }

    @Override
    public int deleteByRunId(RunId runId) {
        return sql(() -> {
            mapper.deleteRunHistory(runId);
            return mapper.deleteByRunId(runId);
        });
    }

    /** A duplicate of the key means a unit that held it committed (this INSERT waited for it): read its answer. */
    @Override
    public Optional<StoredAnswer> reserveAnswer(IdempotencyKey key, String fingerprint, Instant at) {
        return sql(() -> {
            try {
                mapper.reserveAnswer(key, fingerprint, at);
                return Optional.empty();
            } catch (RuntimeException e) {
                if (!SqlErrors.isDuplicateOf(e, SqlErrors.IDEMPOTENCY_KEY)) {
                    throw e;
                }
                StoredAnswer first = mapper.storedAnswer(key).answer();
                List<String> rest = mapper.answerParts(key);
                if (rest.isEmpty()) {
                    return Optional.of(first);
                }
                StringBuilder body = new StringBuilder(first.body());
                rest.forEach(body::append);
                return Optional.of(new StoredAnswer(first.key(), first.fingerprint(), first.status(), body.toString(), first.createdAt()));
            }
        });
    }

    /**
     * Characters of an answer per statement: at most 4 MB in UTF-8, a quarter of MariaDB's default
     * {@code max_allowed_packet}; a longer answer's other parts go to {@code idempotency_answer_parts}.
     */
    static final int ANSWER_PART_CHARS = 1_000_000;

    @Override
    public void completeAnswer(IdempotencyKey key, int status, String body) {
        sql(() -> {
            int first = partEnd(body, 0);
            mapper.completeAnswer(key, status, body.substring(0, first));
            int part = 1;
            for (int start = first; start < body.length(); part++) {
                int end = partEnd(body, start);
                mapper.insertAnswerPart(key, part, body.substring(start, end));
                start = end;
            }
            return part;
        });
    }

    /** Where the part starting at {@code start} ends: {@link #ANSWER_PART_CHARS} on, never between a surrogate pair. */
    private static int partEnd(String body, int start) {
        int end = Math.min(body.length(), start + ANSWER_PART_CHARS);
        return end < body.length() && Character.isHighSurrogate(body.charAt(end - 1)) ? end - 1 : end;
    }

    @Override
    public int purgeAnswers(Instant before, int limit) {
        return sql(() -> {
            List<String> keys = mapper.purgeableAnswerKeys(before, limit);
            if (keys.isEmpty()) {
                return 0;
            }
            mapper.deleteAnswerParts(keys);
            return mapper.deleteAnswers(keys);
        });
    }

    @Override
    public List<UsageEvent> usageEvents(UsageEventFilter filter, KeyPage<Long> page) {
        return sql(() -> mapper.usageEvents(filter, page).stream().map(OverviewRows.EventRow::event).toList());
    }

    /** Joins this unit: everything {@code work} does commits or rolls back with it. */
    @Override
    public <T> T inTransaction(Function<DatasetPort, T> work) {
        return work.apply(this);
    }

    /** This unit, its events carrying {@code given}. */
    @Override
    public DatasetPort attributedTo(UsageOrigin given) {
        return new SqlUnitOfWork(session, claims, mysql, given, clock, spread);
    }

    private Connection connection() {
        return session.getConnection();
    }

    /** Work that may throw JDBC's checked exception. */
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work}, reporting any failure as a domain exception. */
    private static <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw SqlErrors.translate(new PersistenceException(e));
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }
}
