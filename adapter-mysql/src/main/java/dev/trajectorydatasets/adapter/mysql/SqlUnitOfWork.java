package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.DatasetFilter;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.NewDataset;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.StoreFailureException;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageLimit;
import dev.trajectorydatasets.domain.UsageStats;
import dev.trajectorydatasets.domain.UseResult;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    SqlUnitOfWork(SqlSession session, ClaimLocking claims) {
        this.session = session;
        this.mapper = session.getMapper(DatasetMapper.class);
        this.claims = claims;
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
            return dataset.stored(row.getId());
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
                Savepoint savepoint = connection().setSavepoint();
                try {
                    List<Long> created = BulkStatements.insert(connection(), datasets);
                    List<Dataset> stored = new ArrayList<>(datasets.size());
                    for (int i = 0; i < datasets.size(); i++) {
                        stored.add(datasets.get(i).stored(created.get(i)));
                    }
                    return List.copyOf(stored);
                } catch (SQLException e) {
                    if (!SqlErrors.isDuplicateTrajectory(e)) {
                        throw new PersistenceException(e);
                    }
                    connection().rollback(savepoint);
                    List<TrajectoryId> duplicates = duplicatesAmong(ids);
                    if (!duplicates.isEmpty()) {
                        throw new DuplicateTrajectoryException(duplicates);
                    }
                    // The clashing record was deleted meanwhile: try again.
                }
            }
            throw new StoreFailureException("the datasets store kept reporting a duplicate it could not name", null);
        });
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
            if (mapper.update(trajectoryId, changes) == 0) {
                return Optional.empty();
            }
            return Optional.of(ROWS.toDataset(mapper.findByTrajectoryId(trajectoryId)));
        });
    }

    @Override
    public int setUsed(Collection<TrajectoryId> trajectoryIds, int used) {
        // Sorted: every batch locks rows in the same order, so two batches cannot deadlock each other.
        List<TrajectoryId> ids = List.copyOf(new TreeSet<>(trajectoryIds));
        return sql(() -> BulkStatements.setUsed(connection(), ids, used));
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
            return changed == 1 ? UseResult.used(dataset) : UseResult.atLimit(dataset);
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
            current.forEach((id, after) -> {
                int added = after.used() - before.get(id);
                if (added > 0) {
                    byAmount.computeIfAbsent(added, amount -> new ArrayList<>()).add(after.id());
                }
            });
            for (Map.Entry<Integer, List<Long>> amount : byAmount.entrySet()) {
                BulkStatements.addToUsed(connection(), amount.getValue().stream().sorted().toList(), amount.getKey());
            }
            return results;
        });
    }

    @Override
    public List<Dataset> claim(ClaimRequest request) {
        return sql(() -> claims.take(mapper, connection(), request));
    }

    @Override
    public boolean delete(TrajectoryId trajectoryId) {
        return sql(() -> mapper.delete(trajectoryId) > 0);
    }

    @Override
    public int deleteByRunId(RunId runId) {
        return sql(() -> mapper.deleteByRunId(runId));
    }

    /** Joins this unit: everything {@code work} does commits or rolls back with it. */
    @Override
    public <T> T inTransaction(Function<DatasetPort, T> work) {
        return work.apply(this);
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
