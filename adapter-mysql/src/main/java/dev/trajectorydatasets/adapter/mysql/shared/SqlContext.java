package dev.trajectorydatasets.adapter.mysql.shared;

import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageKind;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collections;
import java.util.List;

/**
 * What every SQL capability of one unit of work shares: the open session and its mappers, the
 * dialect, who causes the changes, the clock, and how widely a retried claim spreads. It neither commits nor
 * retries: {@code Transactor} opens the session, commits or rolls it back, and retries it after a deadlock.
 */
public final class SqlContext {

    final SqlSession session;
    public final Dialect dialect;
    public final UsageOrigin origin;
    public final Clock clock;
    /**
     * How widely this unit's claims spread over their candidates: 1 on a first attempt (the first rows in the
     * claim's order); more on a retry after a conflict, so claimers that met on the same rows (claimers on two
     * nodes of a Galera cluster, whose locks the other node does not see) take different ones next time.
     */
    public final int spread;

    public SqlContext(SqlSession session, Dialect dialect, UsageOrigin origin, Clock clock, int spread) {
        this.session = session;
        this.dialect = dialect;
        this.origin = origin;
        this.clock = clock;
        this.spread = spread;
    }

    /** This unit, its events carrying {@code given}. */
    public SqlContext attributedTo(UsageOrigin given) {
        return new SqlContext(session, dialect, given, clock, spread);
    }

    /** The unit's statements of one table (see the mapper XML beside each interface). */
    public <M> M mapper(Class<M> type) {
        return session.getMapper(type);
    }

    public Connection connection() {
        return session.getConnection();
    }

    /** Writes the usage events of changes to these records' {@code used} (after the change); none for a change of 0. */
    public void count(List<Trajectory> after, List<Integer> changes, UsageKind kind) throws SQLException {
        BulkStatements.insertEvents(connection(), after, changes, kind, clock.instant(), origin);
    }

    /** One use each. */
    public void countOnce(List<Trajectory> after, UsageKind kind) throws SQLException {
        count(after, Collections.nCopies(after.size(), 1), kind);
    }

    public void countUsedAtCreation(List<Trajectory> created) throws SQLException {
        count(created, created.stream().map(Trajectory::used).toList(), UsageKind.CREATE);
    }

    /**
     * Runs {@code work} in one transaction: the unit's own when it has one, else (a session in auto-commit, see
     * {@link OneStatement}) a transaction around {@code work} alone.
     */
    public <T> T atomically(SqlWork<T> work) throws SQLException {
        Connection connection = connection();
        if (!connection.getAutoCommit()) {
            return work.run();
        }
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run();
            connection.commit();
        } catch (SQLException | RuntimeException | Error e) {
            // The unit's own failure is what the caller hears: a connection the pool closed meanwhile (the database
            // died) must not replace it with the rollback's or the reset's "connection is closed".
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            throw e;
        }
        connection.setAutoCommit(true);
        return result;
    }

    /** Work that may throw JDBC's checked exception. */
    public interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work}, reporting any failure as a domain exception. */
    public static <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw SqlErrors.translate(new PersistenceException(e));
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }
}
