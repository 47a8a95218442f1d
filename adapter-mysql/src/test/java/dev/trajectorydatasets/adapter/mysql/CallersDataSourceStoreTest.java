package dev.trajectorydatasets.adapter.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole contract on MariaDB through a pool the caller owns (as an application embedding the stores next to its
 * own HikariCP pool would), whose connections speak another time zone and isolation level: the store must get
 * UTC and READ COMMITTED anyway, give the caller's settings back, and never close the pool.
 */
class CallersDataSourceStoreTest extends MariaDbStoreContract {

    /** What the caller's connections are set to; the store must hand them back like this. */
    private static final String CALLERS_TIME_ZONE = "+05:00";
    private static final String CALLERS_LOCK_WAIT = "17";

    private final List<HikariDataSource> pools = new ArrayList<>();

    private HikariDataSource callersPool(String schema, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.urlFor(schema));
        config.setUsername(server.settings(schema).user());
        config.setPassword(server.settings(schema).password());
        config.setMaximumPoolSize(size);
        config.setConnectionInitSql("SET time_zone = '" + CALLERS_TIME_ZONE + "', innodb_lock_wait_timeout = " + CALLERS_LOCK_WAIT);
        config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Override
    protected MyBatisDatasetStore openOn(String schema) {
        return DatasetStores.mysql(callersPool(schema, 16));
    }

    @Override
    protected void cleanUp() {
        pools.forEach(HikariDataSource::close);
        super.cleanUp();
    }

    @Test
    void the_callers_connections_come_back_as_they_were_and_the_pool_stays_open() throws SQLException {
        HikariDataSource pool = callersPool(newSchema(), 1);
        try (MyBatisDatasetStore store = DatasetStores.mysql(pool)) {
            store.migrate();
            store.trajectories().create(new NewTrajectory(TrajectoryId.of("t1"), Optional.of(RunId.of("r")), 0, 0, Instant.parse("2026-01-01T00:00:00Z")));
            store.trajectories().update(TrajectoryId.of("t1"), TrajectoryChanges.none().withUsed(1));
            assertEquals(1, store.trajectories().findByTrajectoryId(TrajectoryId.of("t1")).orElseThrow().used());
        }
        assertFalse(pool.isClosed(), "closing the store closed the caller's pool");
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT @@session.time_zone, @@session.innodb_lock_wait_timeout")) {
            assertTrue(row.next());
            assertEquals(CALLERS_TIME_ZONE, row.getString(1));
            assertEquals(CALLERS_LOCK_WAIT, row.getString(2));
            assertEquals(Connection.TRANSACTION_REPEATABLE_READ, connection.getTransactionIsolation());
        }
    }

    @Test
    void a_data_source_of_another_database_is_refused_by_name() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:callers_" + System.nanoTime());
        try (HikariDataSource h2 = new HikariDataSource(config)) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> DatasetStores.mysql(h2));
            assertTrue(refused.getMessage().contains("H2"), refused.getMessage());
        }
    }
}
