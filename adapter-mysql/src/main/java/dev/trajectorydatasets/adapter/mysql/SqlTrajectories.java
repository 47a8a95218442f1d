package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.DatasetFilter;
import dev.trajectorydatasets.domain.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.NewDataset;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.StoreFailureException;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.TrajectoryStore;
import dev.trajectorydatasets.domain.UsageKind;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.trajectorydatasets.adapter.mysql.SqlContext.sql;

/**
 * Trajectories in SQL: bulk inserts under a savepoint (so a duplicate names every duplicate and leaves nothing), reads through the mapper.
 */
final class SqlTrajectories implements TrajectoryStore {

    private static final DatasetRowMapper ROWS = DatasetRowMapper.INSTANCE;
    private static final int DUPLICATE_ATTEMPTS = 3;

    private final SqlContext context;
    private final TrajectoryMapper trajectoryMapper;
    private final UsageEventMapper usageEventMapper;

    SqlTrajectories(SqlContext context) {
        this.context = context;
        this.trajectoryMapper = context.mapper(TrajectoryMapper.class);
        this.usageEventMapper = context.mapper(UsageEventMapper.class);
    }

    /** One statement, unless the record is created already used: then its usage event too, in one transaction. */
    @Override
    @OneStatement
    public Dataset create(NewDataset dataset) {
        return sql(() -> dataset.used() > 0 ? context.atomically(() -> insertOne(dataset)) : insertOne(dataset));
    }

    private Dataset insertOne(NewDataset dataset) throws SQLException {
        DatasetRow row = ROWS.toRow(dataset);
        try {
            trajectoryMapper.insert(row);
        } catch (RuntimeException e) {
            if (SqlErrors.isDuplicateTrajectory(e)) {
                throw new DuplicateTrajectoryException(List.of(dataset.trajectoryId()));
            }
            throw e;
        }
        Dataset created = dataset.stored(row.getId());
        context.countUsedAtCreation(List.of(created));
        return created;
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
                BulkStatements.inChunks(distinct, chunk -> stored.addAll(trajectoryMapper.findExistingTrajectoryIds(chunk)));
                List<NewDataset> missing = NewDataset.missing(datasets, id -> stored.contains(id.value()));
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
        Savepoint savepoint = context.connection().setSavepoint();
        try {
            List<Long> created = BulkStatements.insert(context.connection(), datasets);
            List<Dataset> stored = new ArrayList<>(datasets.size());
            for (int i = 0; i < datasets.size(); i++) {
                stored.add(datasets.get(i).stored(created.get(i)));
            }
            context.countUsedAtCreation(stored);
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
        BulkStatements.inChunks(distinct, chunk -> stored.addAll(trajectoryMapper.findExistingTrajectoryIds(chunk)));
        return DuplicateTrajectoryException.among(ids, id -> stored.contains(id.value()));
    }

    @Override
    @OneStatement
    public Optional<Dataset> findById(long id) {
        return sql(() -> Optional.ofNullable(trajectoryMapper.findById(id)).map(ROWS::toDataset));
    }

    @Override
    @OneStatement
    public Optional<Dataset> findByTrajectoryId(TrajectoryId trajectoryId) {
        return sql(() -> Optional.ofNullable(trajectoryMapper.findByTrajectoryId(trajectoryId)).map(ROWS::toDataset));
    }

    @Override
    @OneStatement
    public List<Dataset> find(DatasetFilter filter, PageRequest page) {
        return sql(() -> List.copyOf(ROWS.toDatasets(trajectoryMapper.find(filter, page))));
    }

    @Override
    @OneStatement
    public long count(DatasetFilter filter) {
        return sql(() -> trajectoryMapper.count(filter));
    }

    @Override
    public Optional<Dataset> update(TrajectoryId trajectoryId, DatasetChanges changes) {
        return sql(() -> {
            int usedBefore = 0;
            if (changes.used().isPresent()) {
                List<DatasetRow> locked = trajectoryMapper.lockByTrajectoryIds(List.of(trajectoryId));
                if (locked.isEmpty()) {
                    return Optional.empty();
                }
                usedBefore = locked.get(0).getUsed();
            }
            if (trajectoryMapper.update(trajectoryId, changes) == 0) {
                return Optional.empty();
            }
            Dataset after = ROWS.toDataset(trajectoryMapper.findByTrajectoryId(trajectoryId));
            if (changes.used().isPresent()) {
                context.count(List.of(after), List.of(after.used() - usedBefore), UsageKind.SET);
            }
            return Optional.of(after);
        });
    }

    @Override
    public boolean delete(TrajectoryId trajectoryId) {
        return sql(() -> {
            usageEventMapper.deleteHistory(trajectoryId);
            return trajectoryMapper.delete(trajectoryId) > 0;
        });
    }

    @Override
    public int deleteByRunId(RunId runId) {
        return sql(() -> {
            usageEventMapper.deleteRunHistory(runId);
            return trajectoryMapper.deleteByRunId(runId);
        });
    }

    @Override
    public int deleteByTask(RunId runId, TaskId taskId) {
        return sql(() -> {
            usageEventMapper.deleteTaskHistory(runId, taskId);
            return trajectoryMapper.deleteByTask(runId, taskId);
        });
    }
}
