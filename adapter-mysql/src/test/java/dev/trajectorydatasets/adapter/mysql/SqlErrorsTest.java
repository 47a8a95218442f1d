package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.adapter.mysql.shared.SqlErrors;
import dev.trajectorydatasets.domain.StoreUnavailableException;
import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the driver's and the pool's failures read: an unreachable database, or only a busy pool. */
class SqlErrorsTest {

    @Test
    void a_pool_timeout_with_no_connection_failure_behind_it_is_a_busy_pool_not_a_database_down() {
        // HikariCP's timeout when every connection is in use: no cause.
        StoreUnavailableException busy = (StoreUnavailableException) SqlErrors.translate(new PersistenceException(
                new SQLTransientConnectionException("pool - Connection is not available, request timed out after 2000ms.")));
        assertFalse(busy.databaseDown());

        // The same timeout when connections cannot be made: the last connection failure is its cause.
        SQLTransientConnectionException timeout = new SQLTransientConnectionException("pool - Connection is not available");
        timeout.initCause(new SQLNonTransientConnectionException("Communications link failure", "08S01", new ConnectException("refused")));
        assertTrue(((StoreUnavailableException) SqlErrors.translate(new PersistenceException(timeout))).databaseDown());

        assertTrue(((StoreUnavailableException) SqlErrors.translate(new PersistenceException(
                new SQLNonTransientConnectionException("Communications link failure", "08S01")))).databaseDown());
    }

    @Test
    void a_connection_the_pool_closed_under_a_unit_of_work_is_a_database_gone_not_a_store_failure() {
        // HikariCP's answer on a connection it evicted as broken: no SQLState (ServerEndToEndTest saw it as a 500).
        assertTrue(SqlErrors.translate(new PersistenceException(new java.sql.SQLException("Connection is closed")))
                instanceof StoreUnavailableException);
    }
}
