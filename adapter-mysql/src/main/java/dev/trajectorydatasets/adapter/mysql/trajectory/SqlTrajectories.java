package dev.trajectorydatasets.adapter.mysql.trajectory;

import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRows;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRuns;
import dev.trajectorydatasets.adapter.mysql.shared.HistoryStatements;
import dev.trajectorydatasets.adapter.mysql.shared.OneStatement;
import dev.trajectorydatasets.adapter.mysql.shared.RecordReads;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.SqlErrors;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryMapper;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRowMapper;
import dev.trajectorydatasets.adapter.mysql.usage.UsageEventMapper;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.StoreFailureException;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.trajectory.TrajectoryStore;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;

/**
 * Trajectories in SQL: bulk inserts under a savepoint (so a duplicate names every duplicate and leaves nothing), reads through the mapper.
 */
public final class SqlTrajectories implements TrajectoryStore {

    private static final TrajectoryRowMapper ROWS = TrajectoryRowMapper.INSTANCE;
    private static final int DUPLICATE_ATTEMPTS = 3;

    private final SqlContext context;
    private final TrajectoryMapper trajectoryMapper;
    private final UsageEventMapper usageEventMapper;
    private final GroupMembership groups;
    /** The consumer group whose counts the reads show. */
    private final ConsumerGroup group;

    /**
     * Records' own fields and {@code used}: whatever view it is reached through, its writes count in the default group;
     * its reads show the view's group's counts.
     */
    public SqlTrajectories(SqlContext context) {
        this.group = context.origin.group();
        this.context = context.attributedTo(context.origin.inGroup(ConsumerGroup.DEFAULT));
        this.groups = new GroupMembership(this.context);
        this.trajectoryMapper = this.context.mapper(TrajectoryMapper.class);
        this.usageEventMapper = this.context.mapper(UsageEventMapper.class);
    }

    /**
     * One statement for a record of no run created unused; else one transaction, with its usage event and its rows in
     * its run's consumer groups.
     */
    @Override
    @OneStatement
    public Trajectory create(NewTrajectory dataset) {
        return sql(() -> dataset.used() > 0 || dataset.runId().isPresent() ? context.atomically(() -> insertOne(dataset)) : insertOne(dataset));
    }

    private Trajectory insertOne(NewTrajectory dataset) throws SQLException {
        Map<RunId, List<Integer>> runGroups = groups.enter(List.of(dataset.runId()));
        TrajectoryRow row = ROWS.toRow(dataset);
        try {
            trajectoryMapper.insert(row);
        } catch (RuntimeException e) {
            if (SqlErrors.isDuplicateTrajectory(e)) {
                throw new DuplicateTrajectoryException(List.of(dataset.trajectoryId()));
            }
            throw e;
        }
        Trajectory created = dataset.stored(row.getId());
        context.countUsedAtCreation(List.of(created));
        groups.created(runGroups, List.of(created));
        return created;
    }

    /** Inserts every chunk under a savepoint; on a duplicate, undoes them all and names every duplicate. */
    @Override
    public List<Trajectory> createAll(List<NewTrajectory> datasets) {
        return createAll(datasets, context::countUsedAtCreation);
    }

    /** What a created record's history is made of: a create's {@code CREATE} events, or a backup's events. */
    public interface History {
        void write(List<Trajectory> created) throws SQLException;
    }

    /** {@link #createAll(List)}, the created records' history written by {@code history}. */
    public List<Trajectory> createAll(List<NewTrajectory> datasets, History history) {
        if (datasets.isEmpty()) {
            return List.of();
        }
        List<TrajectoryId> ids = datasets.stream().map(NewTrajectory::trajectoryId).toList();
        return sql(() -> {
            if (DuplicateTrajectoryException.repeats(ids)) {
                throw new DuplicateTrajectoryException(duplicatesAmong(ids));
            }
            for (int attempt = 1; attempt <= DUPLICATE_ATTEMPTS; attempt++) {
                Optional<List<Trajectory>> stored = insertAtSavepoint(datasets, history);
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
    public List<Trajectory> createMissing(List<NewTrajectory> datasets) {
        return createMissing(datasets, context::countUsedAtCreation);
    }

    /** {@link #createMissing(List)}, the created records' history written by {@code history}. */
    public List<Trajectory> createMissing(List<NewTrajectory> datasets, History history) {
        return sql(() -> {
            for (int attempt = 1; attempt <= DUPLICATE_ATTEMPTS; attempt++) {
                Set<String> stored = new HashSet<>();
                List<TrajectoryId> distinct = List.copyOf(new LinkedHashSet<>(datasets.stream().map(NewTrajectory::trajectoryId).toList()));
                BulkStatements.inChunks(distinct, chunk -> stored.addAll(RecordReads.existing(context.connection(), chunk)));
                List<NewTrajectory> missing = NewTrajectory.missing(datasets, id -> stored.contains(id.value()));
                if (missing.isEmpty()) {
                    return List.<Trajectory>of();
                }
                Optional<List<Trajectory>> created = insertAtSavepoint(missing, history);
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
    private Optional<List<Trajectory>> insertAtSavepoint(List<NewTrajectory> datasets, History history) throws SQLException {
        Map<RunId, List<Integer>> runGroups = groups.enter(datasets.stream().map(NewTrajectory::runId).distinct().toList());
        Savepoint savepoint = context.connection().setSavepoint();
        try {
            List<Long> created = BulkStatements.insert(context.connection(), datasets);
            List<Trajectory> stored = new ArrayList<>(datasets.size());
            for (int i = 0; i < datasets.size(); i++) {
                stored.add(datasets.get(i).stored(created.get(i)));
            }
            history.write(stored);
            groups.created(runGroups, stored);
            return Optional.of(List.copyOf(stored));
        } catch (SQLException e) {
            if (!SqlErrors.isDuplicateTrajectory(e)) {
                throw e;
            }
            context.connection().rollback(savepoint);
            return Optional.empty();
        }
    }

    /** The batch's duplicates by the domain's rule, with the stored ones read in chunks. */
    private List<TrajectoryId> duplicatesAmong(List<TrajectoryId> ids) throws SQLException {
        List<TrajectoryId> distinct = List.copyOf(new LinkedHashSet<>(ids));
        Set<String> stored = new HashSet<>();
        BulkStatements.inChunks(distinct, chunk -> stored.addAll(RecordReads.existing(context.connection(), chunk)));
        return DuplicateTrajectoryException.among(ids, id -> stored.contains(id.value()));
    }

    @Override
    @OneStatement
    public Optional<Trajectory> findById(long id) {
        return sql(() -> Optional.ofNullable(trajectoryMapper.findById(id)).map(this::seen));
    }

    @Override
    @OneStatement
    public Optional<Trajectory> findByTrajectoryId(TrajectoryId trajectoryId) {
        return sql(() -> Optional.ofNullable(RecordReads.byTrajectoryId(context.connection(), trajectoryId)).map(this::seen));
    }

    @Override
    @OneStatement
    public List<Trajectory> find(TrajectoryFilter filter, PageRequest page) {
        if (group.isDefault()) {
            return sql(() -> List.copyOf(ROWS.toTrajectories(trajectoryMapper.find(filter, page, null, null))));
        }
        RunId run = runOf(filter);
        return sql(() -> List.copyOf(ROWS.toTrajectories(trajectoryMapper.find(filter, page, groupId(run), run))));
    }

    @Override
    @OneStatement
    public long count(TrajectoryFilter filter) {
        if (group.isDefault()) {
            return sql(() -> trajectoryMapper.count(filter, null, null));
        }
        RunId run = runOf(filter);
        return sql(() -> trajectoryMapper.count(filter, groupId(run), run));
    }

    private RunId runOf(TrajectoryFilter filter) {
        return filter.runId().orElseThrow(() -> new InvalidInputException("runId", "a search in consumer group " + group + " names its run"));
    }

    /** The stored id of the view's group in the run; 0 (no rows) when it is not a group of it yet. */
    private int groupId(RunId run) throws SQLException {
        return ConsumerGroupRuns.find(context.connection(), run, group).orElse(0);
    }

    /** A record read, as the view's group counts it (a record of no run has counts in the default group only). */
    private Trajectory seen(TrajectoryRow row) {
        Trajectory record = ROWS.toTrajectory(row);
        if (group.isDefault()) {
            return record;
        }
        RunId run = record.runId().orElseThrow(() -> new InvalidInputException("consumerGroup", "trajectory " + record.trajectoryId()
                + " is in no run, so it is counted in the default group only"));
        return sql(() -> {
            int id = groupId(run);
            ConsumerGroupRows.Count count = id == 0 ? null : ConsumerGroupRows.countsOf(context.connection(), id, List.of(record.id())).get(record.id());
            return record.usedTimes(count == null ? 0 : count.used());
        });
    }

    @Override
    public Optional<Trajectory> update(TrajectoryId trajectoryId, TrajectoryChanges changes) {
        return sql(() -> {
            Trajectory before = null;
            if (changes.used().isPresent() || changes.runId().isPresent() || changes.modelVersion().isPresent()) {
                List<TrajectoryRow> locked = RecordReads.lockByTrajectoryIds(context.connection(), List.of(trajectoryId));
                if (locked.isEmpty()) {
                    return Optional.empty();
                }
                before = ROWS.toTrajectory(locked.get(0));
            }
            if (trajectoryMapper.update(trajectoryId, changes) == 0) {
                return Optional.empty();
            }
            Trajectory after = ROWS.toTrajectory(RecordReads.byTrajectoryId(context.connection(), trajectoryId));
            if (changes.used().isPresent()) {
                context.count(List.of(after), List.of(after.used() - before.used()), UsageKind.SET);
            }
            if (before != null) {
                groups.changed(before, after, false);
            }
            return Optional.of(after);
        });
    }

    /** The row locked, changed with {@code used} 0, and its {@code REROLL} event written, in the unit's transaction. */
    @Override
    public Optional<Trajectory> reroll(TrajectoryId trajectoryId, TrajectoryChanges changes) {
        return sql(() -> {
            List<TrajectoryRow> locked = RecordReads.lockByTrajectoryIds(context.connection(), List.of(trajectoryId));
            if (locked.isEmpty()) {
                return Optional.empty();
            }
            trajectoryMapper.update(trajectoryId, changes.withUsed(0));
            Trajectory after = ROWS.toTrajectory(RecordReads.byTrajectoryId(context.connection(), trajectoryId));
            HistoryStatements.insertHistory(context.connection(), List.of(after.id()),
                    List.of(UsageEvent.of(after, -locked.get(0).getUsed(), UsageKind.REROLL, context.clock.instant(), context.origin)));
            groups.changed(ROWS.toTrajectory(locked.get(0)), after, true);
            return Optional.of(after);
        });
    }

    @Override
    public boolean delete(TrajectoryId trajectoryId) {
        return sql(() -> context.atomically(() -> {
            TrajectoryRow found = RecordReads.byTrajectoryId(context.connection(), trajectoryId);
            if (found == null) {
                return false;
            }
            if (found.getRunId().isPresent()) {
                groups.leaving(found.getRunId().get(), List.of(found.getId()));
            }
            usageEventMapper.deleteHistory(trajectoryId);
            return trajectoryMapper.delete(trajectoryId) > 0;
        }));
    }

    @Override
    public int deleteByRunId(RunId runId, int limit) {
        DatasetRules.positive("limit", limit);
        if (limit == Integer.MAX_VALUE) {
            return sql(() -> context.atomically(() -> {
                groups.leaving(runId, trajectoryMapper.idsOfRun(runId, limit));
                usageEventMapper.deleteRunHistory(runId);
                return trajectoryMapper.deleteByRunId(runId);
            }));
        }
        return sql(() -> context.atomically(() -> {
            List<Long> ids = trajectoryMapper.idsOfRun(runId, limit);
            groups.leaving(runId, ids);
            BulkStatements.inChunks(ids, chunk -> {
                usageEventMapper.deleteHistoryOfIds(chunk);
                return trajectoryMapper.deleteIds(chunk);
            });
            return ids.size();
        }));
    }

    @Override
    public int deleteByTask(RunId runId, TaskId taskId) {
        return sql(() -> context.atomically(() -> {
            groups.leaving(runId, trajectoryMapper.idsOfTask(runId, taskId));
            usageEventMapper.deleteTaskHistory(runId, taskId);
            return trajectoryMapper.deleteByTask(runId, taskId);
        }));
    }
}
