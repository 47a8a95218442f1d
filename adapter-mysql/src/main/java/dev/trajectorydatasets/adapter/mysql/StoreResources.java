package dev.trajectorydatasets.adapter.mysql;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.util.Map;

/** The connection pool and the schema of one store: what it migrates, describes and closes. */
final class StoreResources implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Map<String, String> placeholders;
    private final String description;

    StoreResources(HikariDataSource dataSource, Map<String, String> placeholders, String description) {
        this.dataSource = dataSource;
        this.placeholders = Map.copyOf(placeholders);
        this.description = description;
    }

    void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(placeholders)
                .load()
                .migrate();
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
