package dev.trajectorydatasets.embedded;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.adapter.mysql.MigrationPlan;
import dev.trajectorydatasets.adapter.mysql.MyBatisDatasetStore;
import dev.trajectorydatasets.domain.DatasetPort;

import java.util.Optional;

/**
 * A store as the wiring sees it: the port, and what only a SQL store has (a schema to migrate, a database to ask
 * whether it answers). Both the embedded factory and the server open stores through {@link StoreChoice#open}; an
 * embedding application needs only {@link DatasetManagers}.
 */
public final class OpenedStore implements AutoCloseable {

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

    /** The store's port, which a {@code DatasetManager} drives. */
    public DatasetPort port() {
        return port;
    }

    /** Creates or updates the schema; nothing to do in memory. */
    public void migrate() {
        sql.ifPresent(MyBatisDatasetStore::migrate);
    }

    /** {@link #migrate()}, telling {@code progress} each step of a long copy (adopting the dart-gui module's tables). */
    public void migrate(java.util.function.Consumer<String> progress) {
        sql.ifPresent(store -> store.migrate(progress));
    }

    /** What {@link #migrate()} would do (a SQL store), or empty (memory: nothing to migrate). Changes nothing. */
    public Optional<MigrationPlan> migrationPlan() {
        return sql.map(MyBatisDatasetStore::migrationPlan);
    }

    /** Migrates, closing the store if that fails; returns this store. */
    public OpenedStore migrated() {
        try {
            migrate();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Whether the store answers now (always, in memory). */
    public boolean available() {
        return sql.map(MyBatisDatasetStore::isAvailable).orElse(true);
    }

    /** Where the data lives, without credentials. */
    public String description() {
        return sql.map(MyBatisDatasetStore::description).orElse("memory");
    }

    /** Closes what the store opened: its pool, never a caller's data source. */
    @Override
    public void close() {
        port.close();
    }
}
