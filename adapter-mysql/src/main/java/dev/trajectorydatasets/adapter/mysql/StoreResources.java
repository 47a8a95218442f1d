package dev.trajectorydatasets.adapter.mysql;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** The connection pool and the schema of one store: what it migrates, describes and closes. */
final class StoreResources implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Map<String, String> placeholders;
    private final String description;
    private final ReentrantLock claimLock = new ReentrantLock(true);

    StoreResources(HikariDataSource dataSource, Map<String, String> placeholders, String description) {
        this.dataSource = dataSource;
        this.placeholders = Map.copyOf(placeholders);
        this.description = description;
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(placeholders)
                .load()
                .migrate();
    }

    /** Serialises claims where the database cannot skip locked rows. */
    ReentrantLock claimLock() {
        return claimLock;
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
