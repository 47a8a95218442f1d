package dev.trajectorydatasets.adapter.mysql;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.util.Map;

/**
 * Where one store's connections come from and its schema: what it migrates, describes and closes. {@code closer}
 * closes what the store opened (its own pool), nothing for a caller's {@link DataSource}.
 */
final class StoreResources implements AutoCloseable {

    private final DataSource dataSource;
    private final AutoCloseable closer;
    private final Map<String, String> placeholders;
    private final String description;

    StoreResources(DataSource dataSource, AutoCloseable closer, Map<String, String> placeholders, String description) {
        this.dataSource = dataSource;
        this.closer = closer;
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
        try {
            closer.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + description + " failed", e);
        }
    }
}
