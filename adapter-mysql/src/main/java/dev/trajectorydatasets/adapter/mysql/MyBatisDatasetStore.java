package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.DatasetFilter;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.NewDataset;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.StoreFailureException;
import dev.trajectorydatasets.domain.UsageLimit;
import dev.trajectorydatasets.domain.UsageStats;
import dev.trajectorydatasets.domain.UseResult;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link DatasetPort} on a SQL database through MyBatis: MySQL 8, MariaDB 10.6+, or H2 in MySQL mode.
 * Single statements run in auto-commit; operations of several statements, and units of work, run in one
 * transaction on one connection. Counters change in SQL ({@code used = used + ?}), never by read-modify-write.
 * Open one with {@link DatasetStores}.
 */
public final class MyBatisDatasetStore implements DatasetPort, AutoCloseable {

    /** Rows per multi-row INSERT or IN list: large enough to amortise round trips, far below packet limits. */
    static final int CHUNK = 1_000;
    private static final int DUPLICATE_RETRIES = 3;
    private static final DatasetRowMapper ROWS = DatasetRowMapper.INSTANCE;

    private final SqlSessionFactory sessions;
    private final StoreResources resources;
    private final ClaimLocking claimLocking;
    /** The session of the unit of work this view belongs to; null for the store itself. */
    private final SqlSession bound;

    /** How claims keep concurrent claimers apart. */
    enum ClaimLocking {
        /** {@code FOR UPDATE SKIP LOCKED}: claimers take different rows without waiting (MySQL 8, MariaDB 10.6+). */
        SKIP_LOCKED,
        /** One claim at a time in this process, each row counted only if unchanged since read: embedded H2. */
        SERIALIZED
    }

    MyBatisDatasetStore(SqlSessionFactory sessions, StoreResources resources, ClaimLocking claimLocking) {
        this(sessions, resources, claimLocking, null);
    }

    private MyBatisDatasetStore(SqlSessionFactory sessions, StoreResources resources, ClaimLocking claimLocking, SqlSession bound) {
        this.sessions = sessions;
        this.resources = resources;
        this.claimLocking = claimLocking;
        this.bound = bound;
    }

    @Override
    public Dataset create(NewDataset dataset) {
        return autoCommitted(mapper -> {
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

    @Override
    public List<Dataset> createAll(List<NewDataset> datasets) {
        if (datasets.isEmpty()) {
            return List.of();
        }
        rejectRepeats(datasets);
        for (int attempt = 1; ; attempt++) {
            Optional<List<Dataset>> created = transactional(session -> insertAllOrFindClashes(session, datasets));
            if (created.isPresent()) {
                return created.get();
            }
            if (attempt == DUPLICATE_RETRIES) {
                throw new StoreFailureException("the datasets store kept reporting a duplicate it could not name", null);
            }
        }
    }

    /** Inserts every chunk; on a duplicate, undoes them all and names the clashes (empty if they vanished). */
    private Optional<List<Dataset>> insertAllOrFindClashes(SqlSession session, List<NewDataset> datasets) {
        DatasetMapper mapper = session.getMapper(DatasetMapper.class);
        Savepoint savepoint = bound == null ? null : savepoint(session);
        List<Long> ids = new ArrayList<>(datasets.size());
        try {
            for (int from = 0; from < datasets.size(); from += CHUNK) {
                ids.addAll(BulkStatements.insert(session.getConnection(), datasets.subList(from, Math.min(datasets.size(), from + CHUNK))));
            }
        } catch (SQLException e) {
            if (!SqlErrors.isDuplicateTrajectory(e)) {
                throw new PersistenceException(e);
            }
            rollback(session, savepoint);
            List<String> clashes = existing(mapper, datasets.stream().map(NewDataset::trajectoryId).toList());
            if (clashes.isEmpty()) {
                return Optional.empty();
            }
            throw new DuplicateTrajectoryException(clashes);
        }
        List<Dataset> created = new ArrayList<>(datasets.size());
        for (int i = 0; i < datasets.size(); i++) {
            created.add(datasets.get(i).stored(ids.get(i)));
        }
        return Optional.of(List.copyOf(created));
    }

    private static void rejectRepeats(List<NewDataset> datasets) {
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new LinkedHashSet<>();
        for (NewDataset dataset : datasets) {
            if (!seen.add(dataset.trajectoryId())) {
                repeated.add(dataset.trajectoryId());
            }
        }
        if (!repeated.isEmpty()) {
            throw new DuplicateTrajectoryException(List.copyOf(repeated));
        }
    }

    /** The listed trajectory ids that are stored, in the order listed. */
    private static List<String> existing(DatasetMapper mapper, List<String> trajectoryIds) {
        Set<String> found = new HashSet<>();
        for (int from = 0; from < trajectoryIds.size(); from += CHUNK) {
            found.addAll(mapper.findExistingTrajectoryIds(trajectoryIds.subList(from, Math.min(trajectoryIds.size(), from + CHUNK))));
        }
        return trajectoryIds.stream().filter(found::contains).toList();
    }

    @Override
    public Optional<Dataset> findById(long id) {
        return autoCommitted(mapper -> Optional.ofNullable(mapper.findById(id)).map(ROWS::toDataset));
    }

    @Override
    public Optional<Dataset> findByTrajectoryId(String trajectoryId) {
        return autoCommitted(mapper -> Optional.ofNullable(mapper.findByTrajectoryId(trajectoryId)).map(ROWS::toDataset));
    }

    @Override
    public List<Dataset> find(DatasetFilter filter, PageRequest page) {
        return autoCommitted(mapper -> List.copyOf(ROWS.toDatasets(mapper.find(filter, page))));
    }

    @Override
    public long count(DatasetFilter filter) {
        return autoCommitted(mapper -> mapper.count(filter));
    }

    @Override
    public UsageStats usageStats(Optional<String> runId) {
        return autoCommitted(mapper -> ROWS.toStats(mapper.usageStats(runId)));
    }

    @Override
    public Optional<Dataset> update(String trajectoryId, DatasetChanges changes) {
        return transactional(session -> {
            DatasetMapper mapper = session.getMapper(DatasetMapper.class);
            if (mapper.update(trajectoryId, changes) == 0) {
                return Optional.empty();
            }
            return Optional.of(ROWS.toDataset(mapper.findByTrajectoryId(trajectoryId)));
        });
    }

    @Override
    public int setUsed(Collection<String> trajectoryIds, int used) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(trajectoryIds));
        if (ids.isEmpty()) {
            return 0;
        }
        return transactional(session -> {
            int matched = 0;
            try {
                for (int from = 0; from < ids.size(); from += CHUNK) {
                    matched += BulkStatements.setUsed(session.getConnection(), ids.subList(from, Math.min(ids.size(), from + CHUNK)), used);
                }
            } catch (SQLException e) {
                throw new PersistenceException(e);
            }
            return matched;
        });
    }

    @Override
    public UseResult use(String trajectoryId, UsageLimit limit) {
        return transactional(session -> {
            DatasetMapper mapper = session.getMapper(DatasetMapper.class);
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

    @Override
    public List<Dataset> claim(ClaimRequest request) {
        if (claimLocking == ClaimLocking.SKIP_LOCKED) {
            return transactional(session -> claimLocked(session, request, true));
        }
        resources.claimLock().lock();
        try {
            return transactional(session -> claimLocked(session, request, false));
        } finally {
            resources.claimLock().unlock();
        }
    }

    private static List<Dataset> claimLocked(SqlSession session, ClaimRequest request, boolean skipLocked) {
        DatasetMapper mapper = session.getMapper(DatasetMapper.class);
        if (!skipLocked) {
            return claimUnlessChanged(mapper, request);
        }
        List<DatasetRow> rows = mapper.claimable(request, true);
        if (rows.isEmpty()) {
            return List.of();
        }
        mapper.incrementByIds(rows.stream().map(DatasetRow::getId).toList());
        // The rows stay locked until commit, so each one's used is exactly what was read plus the one just added.
        rows.forEach(row -> row.setUsed(row.getUsed() + 1));
        return List.copyOf(ROWS.toDatasets(rows));
    }

    /** Claims serialised in this process: each row is counted only if no other writer changed it meanwhile. */
    private static List<Dataset> claimUnlessChanged(DatasetMapper mapper, ClaimRequest request) {
        List<DatasetRow> claimed = new ArrayList<>();
        for (DatasetRow row : mapper.claimable(request, false)) {
            if (mapper.incrementIfUnchanged(row.getId(), row.getUsed(), request) == 1) {
                row.setUsed(row.getUsed() + 1);
                claimed.add(row);
            }
        }
        return List.copyOf(ROWS.toDatasets(claimed));
    }

    @Override
    public boolean delete(String trajectoryId) {
        return autoCommitted(mapper -> mapper.delete(trajectoryId) > 0);
    }

    @Override
    public int deleteByRunId(String runId) {
        return autoCommitted(mapper -> mapper.deleteByRunId(runId));
    }

    @Override
    public <T> T inTransaction(Function<DatasetPort, T> work) {
        if (bound != null) {
            return work.apply(this);
        }
        return transactional(session -> work.apply(new MyBatisDatasetStore(sessions, resources, claimLocking, session)));
    }

    /** Applies pending schema migrations. Safe to call on every start and from several processes. */
    public void migrate() {
        try {
            resources.migrate();
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }

    /** Whether the database answers now; used by health checks. */
    public boolean isAvailable() {
        try {
            return autoCommitted(mapper -> mapper.count(DatasetFilter.ofRun("health-check")) >= 0);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Which database this store uses, without credentials: {@code "mysql 127.0.0.1:3306/test"}. */
    public String description() {
        return resources.description();
    }

    /**
     * Reports the connection pool's gauges and timers ({@code hikaricp_connections*}) into a Micrometer
     * {@code MeterRegistry}, passed untyped so this adapter needs no Micrometer dependency. Call at most once.
     */
    public void reportPoolMetricsTo(Object meterRegistry) {
        resources.dataSource().setMetricRegistry(meterRegistry);
    }

    /** A raw connection of the pool, for this package's tests to inspect the table. */
    java.sql.Connection connectionForTests() throws SQLException {
        return resources.dataSource().getConnection();
    }

    /** Closes the connection pool. */
    @Override
    public void close() {
        if (bound == null) {
            resources.close();
        }
    }

    private <T> T autoCommitted(Function<DatasetMapper, T> work) {
        if (bound != null) {
            return onBound(session -> work.apply(session.getMapper(DatasetMapper.class)));
        }
        try (SqlSession session = sessions.openSession(true)) {
            return work.apply(session.getMapper(DatasetMapper.class));
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }

    private <T> T transactional(Function<SqlSession, T> work) {
        if (bound != null) {
            return onBound(work);
        }
        try (SqlSession session = sessions.openSession(false)) {
            try {
                T result = work.apply(session);
                session.commit(true);
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(session, e);
                throw e;
            }
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }

    private <T> T onBound(Function<SqlSession, T> work) {
        try {
            return work.apply(bound);
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }

    private static void rollbackQuietly(SqlSession session, Throwable failure) {
        try {
            session.rollback(true);
        } catch (RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    private static Savepoint savepoint(SqlSession session) {
        try {
            return session.getConnection().setSavepoint();
        } catch (SQLException e) {
            throw new StoreFailureException("the datasets store could not open a savepoint", e);
        }
    }

    private static void rollback(SqlSession session, Savepoint savepoint) {
        try {
            if (savepoint == null) {
                session.rollback(true);
            } else {
                session.getConnection().rollback(savepoint);
            }
        } catch (SQLException e) {
            throw new StoreFailureException("the datasets store could not roll back", e);
        }
    }
}
