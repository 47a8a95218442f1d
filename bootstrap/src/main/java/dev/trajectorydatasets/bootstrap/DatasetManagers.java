package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.adapter.mysql.DatasetStores;
import dev.trajectorydatasets.adapter.mysql.MyBatisDatasetStore;
import dev.trajectorydatasets.adapter.mysql.MySqlSettings;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.DatasetPort;

import java.nio.file.Path;

/**
 * One line to an embedded {@link DatasetManager}, the Java counterpart of the guide's
 * {@code create_database_manager()}. Close the manager when done: it owns the store's connection pool.
 */
public final class DatasetManagers {

    private DatasetManagers() {
    }

    /** A store configured by environment variables (see {@link EnvironmentSettings}), schema migrated. */
    public static DatasetManager fromEnvironment() {
        return DatasetManager.over(open(EnvironmentSettings.ofSystem().storeChoice()));
    }

    /** A store in memory; nothing survives the process. */
    public static DatasetManager inMemory() {
        return DatasetManager.over(new InMemoryDatasetStore());
    }

    /** The embedded H2 store under {@code directory}, schema migrated. */
    public static DatasetManager embedded(Path directory) {
        return DatasetManager.over(open(new StoreChoice.Embedded(directory)));
    }

    /** A MySQL-compatible server, schema migrated. */
    public static DatasetManager mysql(MySqlSettings settings) {
        return DatasetManager.over(open(new StoreChoice.MySql(settings)));
    }

    /** Opens the chosen store and migrates its schema. */
    static DatasetPort open(StoreChoice choice) {
        if (choice instanceof StoreChoice.Memory) {
            return new InMemoryDatasetStore();
        }
        MyBatisDatasetStore store = choice instanceof StoreChoice.MySql mysql
                ? DatasetStores.mysql(mysql.settings())
                : DatasetStores.h2(((StoreChoice.Embedded) choice).directory());
        try {
            store.migrate();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
