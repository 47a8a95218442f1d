package dev.trajectorydatasets.embedded;

import com.zaxxer.hikari.HikariConfig;
import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.adapter.mysql.DatasetStores;
import dev.trajectorydatasets.adapter.mysql.MySqlSettings;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Which store to run on: in memory, embedded H2 under a folder, a MySQL-compatible server, or a caller's data source. */
public sealed interface StoreChoice {

    /** Opens the store, its schema not yet migrated; {@code poolOptions} adjusts a connection pool the store makes. */
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

    /**
     * An H2 file database under {@code directory}: the server's default when no MySQL server is configured. Needs
     * {@code com.h2database:h2} on the class path.
     */
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

    /** A MySQL-compatible server reached through a pool of this project's own. Needs {@code com.mysql:mysql-connector-j}. */
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

    /**
     * MySQL or MariaDB through a data source the caller owns (their pool, their container's): closing the store
     * leaves it open, and {@code poolOptions} do not apply (there is no pool of ours).
     */
    record CallersDataSource(DataSource dataSource) implements StoreChoice {
        @Override
        public OpenedStore open(Consumer<HikariConfig> poolOptions) {
            return OpenedStore.sql(DatasetStores.mysql(dataSource));
        }

        /** Unknown (the caller's pool bounds it); HikariCP's default size. */
        @Override
        public int connections() {
            return 10;
        }
    }
}
