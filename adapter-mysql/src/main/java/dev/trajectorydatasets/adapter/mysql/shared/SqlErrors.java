package dev.trajectorydatasets.adapter.mysql.shared;

import dev.trajectorydatasets.domain.DatasetException;
import dev.trajectorydatasets.domain.StoreBusyException;
import dev.trajectorydatasets.domain.StoreFailureException;
import dev.trajectorydatasets.domain.StoreUnavailableException;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Set;

/**
 * Turns JDBC and MyBatis failures into domain exceptions. Messages never carry SQL text, values or
 * credentials; the original stays attached as the cause for operators.
 */
public final class SqlErrors {

    /** The name of the unique key on {@code trajectory_id}, as MySQL, MariaDB and H2 report it. */
    private static final String TRAJECTORY_KEY = "uq_trajectory_id";

    /**
     * MySQL/MariaDB deadlock and lock wait timeout; 1467, which InnoDB reports when a deadlock breaks on the table's
     * auto-increment lock (an {@code INSERT ... SELECT} of usage events); H2 deadlock and lock timeout.
     */
    private static final Set<Integer> LOCK_CONFLICT_CODES = Set.of(1213, 1205, 1467, 40001, 50200);

    private SqlErrors() {
    }

    /** The name of the unique key on {@code idempotency_keys.idempotency_key}. */
    public static final String IDEMPOTENCY_KEY = "uq_idempotency_key";

    /** Whether {@code failure} is a violation of the unique {@code trajectory_id} key, and nothing else. */
    public static boolean isDuplicateTrajectory(Throwable failure) {
        return isDuplicateOf(failure, TRAJECTORY_KEY);
    }

    /** Whether {@code failure} is a violation of the unique key named {@code key}, and nothing else. */
    public static boolean isDuplicateOf(Throwable failure, String key) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException violation) {
                String message = String.valueOf(violation.getMessage()).toLowerCase(Locale.ROOT);
                return message.contains(key);
            }
        }
        return false;
    }

    /** A domain exception for a store failure; exceptions that did not come from the store pass unchanged. */
    public static RuntimeException translate(RuntimeException failure) {
        if (failure instanceof DatasetException) {
            return failure;
        }
        SQLException sql = sqlCause(failure);
        if (sql == null && !(failure instanceof org.apache.ibatis.exceptions.PersistenceException)) {
            return failure;
        }
        if (inUse(failure)) {
            return new StoreInUseException(failure);
        }
        if (sql != null && isLockConflict(sql)) {
            return new StoreBusyException("the datasets store is busy: the operation kept meeting others' locks and changed nothing; try again shortly", failure);
        }
        if (sql != null && isUnavailable(sql)) {
            return poolBusy(sql)
                    ? new StoreUnavailableException("the datasets store is busy: no database connection was free in time, try again shortly",
                            failure, false)
                    : new StoreUnavailableException("the datasets store is unavailable: the database cannot be reached, try again later", failure);
        }
        String state = sql == null ? "none" : sql.getSQLState() + ", error " + sql.getErrorCode();
        return new StoreFailureException("the datasets store failed (SQLState " + state + ")", failure);
    }

    /**
     * Whether the database rolled the work back to break a deadlock (MySQL/MariaDB 1213, also Galera's
     * certification failure; SQLState 40001 on every engine) or gave up waiting for a lock (1205; H2 50200).
     */
    static boolean isLockConflict(SQLException sql) {
        for (Throwable t : chain(sql)) {
            if (t instanceof SQLException e && ("40001".equals(e.getSQLState())
                    || LOCK_CONFLICT_CODES.contains(e.getErrorCode()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code failure}, its causes, and the exceptions chained to each as JDBC chains them ({@code getNextException}):
     * a failed batch ({@code BatchUpdateException}) names the driver's own error there, not as its cause.
     */
    private static java.util.List<Throwable> chain(Throwable failure) {
        java.util.List<Throwable> seen = new java.util.ArrayList<>();
        java.util.Deque<Throwable> next = new java.util.ArrayDeque<>(java.util.List.of(failure));
        while (!next.isEmpty() && seen.size() < 32) {
            Throwable t = next.pop();
            if (seen.stream().anyMatch(known -> known == t)) {
                continue;
            }
            seen.add(t);
            if (t.getCause() != null) {
                next.add(t.getCause());
            }
            if (t instanceof SQLException e && e.getNextException() != null) {
                next.add(e.getNextException());
            }
        }
        return seen;
    }

    /**
     * Whether the pool only timed out waiting for a free connection: HikariCP's SQLTransientConnectionException with
     * no cause (when the database cannot be reached, it carries the last connection failure as its cause).
     */
    static boolean poolBusy(SQLException sql) {
        for (Throwable t : chain(sql)) {
            if (t instanceof SQLTransientConnectionException && t.getCause() == null) {
                return true;
            }
        }
        return false;
    }

    static boolean isUnavailable(SQLException sql) {
        for (Throwable t : chain(sql)) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException e && e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                return true;
            }
            // Connector/J answers a statement or connection it closed because the connection was lost with
            // SQLState S1009 ("No operations allowed after statement closed."): seen when the database died
            // between the statements of a claim (ServerEndToEndTest, database killed under load).
            if (t instanceof SQLException e && String.valueOf(e.getMessage()).startsWith("No operations allowed after")) {
                return true;
            }
            // HikariCP answers a call on a connection it closed (evicted as broken) with "Connection is closed" and no
            // SQLState: the database went away under the unit of work (ServerEndToEndTest, database killed under load).
            if (t instanceof SQLException e && String.valueOf(e.getMessage()).endsWith("Connection is closed")) {
                return true;
            }
        }
        return false;
    }

    /** Whether an H2 folder is open in another process, anywhere in the chain (a pool wraps the driver's error). */
    private static boolean inUse(Throwable failure) {
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException e && e.getErrorCode() == StoreInUseException.H2_IN_USE) {
                return true;
            }
        }
        return false;
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
