package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.adapter.mysql.MyBatisDatasetStore;
import dev.trajectorydatasets.domain.DatasetPort;

import java.util.Optional;

/**
 * A store as the wiring sees it: the port, and what only a SQL store has (a schema to migrate, a database to ask
 * whether it answers). Both the embedded factory and the server open stores through {@link StoreChoice#open}.
 */
final class OpenedStore implements AutoCloseable {

    private final DatasetPort port;
    private final Optional<MyBatisDatasetStore> sql;

    private OpenedStore(DatasetPort port, Optional<MyBatisDatasetStore> sql) {
        this.port = port;
        this.sql = sql;
    }

    static OpenedStore inMemory(InMemoryDatasetStore store) {
        return new OpenedStore(store, Optional.empty());
    }

    static OpenedStore sql(MyBatisDatasetStore store) {
        return new OpenedStore(store, Optional.of(store));
    }

    DatasetPort port() {
        return port;
    }

    /** Creates or updates the schema; nothing to do in memory. */
    void migrate() {
        sql.ifPresent(MyBatisDatasetStore::migrate);
    }

    /** Migrates, closing the store if that fails. */
    OpenedStore migrated() {
        try {
            migrate();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    boolean available() {
        return sql.map(MyBatisDatasetStore::isAvailable).orElse(true);
    }

    /** Where the data lives, without credentials. */
    String description() {
        return sql.map(MyBatisDatasetStore::description).orElse("memory");
    }

    @Override
    public void close() {
        port.close();
    }
}
