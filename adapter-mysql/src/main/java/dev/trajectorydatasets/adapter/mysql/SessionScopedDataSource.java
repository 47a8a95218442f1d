package dev.trajectorydatasets.adapter.mysql;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A caller's MySQL {@link DataSource} as this store needs it: each connection it hands out speaks UTC, waits at most
 * 5 s for a row lock and reads committed data (what this project's own pool sets once per connection), and gets the
 * caller's session settings back when closed, so the caller's other users of their pool see no change. Costs three
 * statements per connection taken (read, set, restore) plus the driver's isolation calls. The caller's values are
 * kept here, not in session variables, which a schema migration (Flyway) may reset.
 */
final class SessionScopedDataSource implements DataSource {

    private static final String READ = "SELECT @@session.time_zone, @@session.innodb_lock_wait_timeout";
    private static final String SET = "SET time_zone = ?, innodb_lock_wait_timeout = ?";

    private final DataSource caller;

    SessionScopedDataSource(DataSource caller) {
        this.caller = caller;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return scoped(caller.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return scoped(caller.getConnection(username, password));
    }

    private static Connection scoped(Connection connection) throws SQLException {
        int isolation;
        String timeZone;
        String lockWait;
        try {
            isolation = connection.getTransactionIsolation();
            try (Statement statement = connection.createStatement(); ResultSet callers = statement.executeQuery(READ)) {
                callers.next();
                timeZone = callers.getString(1);
                lockWait = callers.getString(2);
            }
            set(connection, "+00:00", "5");
            if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        restoreAndClose(connection, isolation, timeZone, lockWait);
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void set(Connection connection, String timeZone, String lockWait) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SET)) {
            statement.setString(1, timeZone);
            statement.setLong(2, Long.parseLong(lockWait));
            statement.execute();
        }
    }

    private static void restoreAndClose(Connection connection, int isolation, String timeZone, String lockWait) throws SQLException {
        try {
            if (!connection.isClosed()) {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                set(connection, timeZone, lockWait);
                if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    connection.setTransactionIsolation(isolation);
                }
            }
        } finally {
            connection.close();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return caller.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        caller.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        caller.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return caller.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return caller.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return caller.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return caller.isWrapperFor(type);
    }
}
