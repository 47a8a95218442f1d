package dev.trajectorydatasets.bootstrap;

import com.zaxxer.hikari.HikariConfig;
import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.adapter.mysql.DatasetStores;
import dev.trajectorydatasets.adapter.mysql.MySqlSettings;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Which store to run on: in memory, embedded H2 under a folder, or a MySQL-compatible server. */
public sealed interface StoreChoice {

    /** Opens the store, its schema not yet migrated; {@code poolOptions} adjusts a SQL store's connection pool. */
    OpenedStore open(Consumer<HikariConfig> poolOptions);

    /** How many operations the store can serve at once: its pool's connections. */
    int connections();

    /** Nothing survives the process; for tests and throwaway servers. */
    record Memory() implements StoreChoice {
        @Override
        public OpenedStore open(Consumer<HikariConfig> poolOptions) {
            return OpenedStore.inMemory(new InMemoryDatasetStore());
        }

        @Override
        public int connections() {
            // No pool: work is in-process and short, so a few requests per core.
            return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        }
    }

    /** An H2 file database under {@code directory}: the default when no MySQL server is configured. */
    record Embedded(Path directory) implements StoreChoice {
        @Override
        public OpenedStore open(Consumer<HikariConfig> poolOptions) {
            return OpenedStore.sql(DatasetStores.h2(directory, poolOptions));
        }

        @Override
        public int connections() {
            return DatasetStores.H2_POOL_SIZE;
        }
    }

    record MySql(MySqlSettings settings) implements StoreChoice {
        @Override
        public OpenedStore open(Consumer<HikariConfig> poolOptions) {
            return OpenedStore.sql(DatasetStores.mysql(settings, poolOptions));
        }

        @Override
        public int connections() {
            return settings.poolSize();
        }
    }
}
