package dev.trajectorydatasets.embedded;

import dev.trajectorydatasets.adapter.mysql.InvalidSettingException;
import dev.trajectorydatasets.adapter.mysql.MySqlSettings;
import dev.trajectorydatasets.application.DatasetManager;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens an embedded {@link DatasetManager}, the Java counterpart of the guide's {@code create_database_manager()}:
 * one line for the common cases ({@link #inMemory()}, {@link #embedded(Path)}, {@link #mysql(MySqlSettings)},
 * {@link #fromEnvironment()}), or {@link #builder()} for a JDBC URL with credentials or a {@link DataSource} the
 * application already has. Close the manager when done: it closes what it opened (its connection pool), never a
 * data source it was given.
 */
public final class DatasetManagers {

    private DatasetManagers() {
    }

    /**
     * A store configured by environment variables (see {@link EnvironmentSettings}), schema migrated.
     *
     * @throws ConfigurationException naming the variable when a value cannot work
     */
    public static DatasetManager fromEnvironment() {
        return open(EnvironmentSettings.ofSystem().storeChoice());
    }

    /** A store in memory; nothing survives the process. */
    public static DatasetManager inMemory() {
        return open(new StoreChoice.Memory());
    }

    /**
     * The embedded H2 store under {@code directory} (created if missing), schema migrated. Needs
     * {@code com.h2database:h2} on the class path.
     */
    public static DatasetManager embedded(Path directory) {
        return open(new StoreChoice.Embedded(directory));
    }

    /** A MySQL-compatible server, schema migrated. Needs {@code com.mysql:mysql-connector-j} on the class path. */
    public static DatasetManager mysql(MySqlSettings settings) {
        return open(new StoreChoice.MySql(settings));
    }

    /** Opens the chosen store, migrates its schema and puts a manager over it. */
    public static DatasetManager open(StoreChoice choice) {
        return builder().store(choice).open();
    }

    /** A builder: choose one store, then {@link Builder#open()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Chooses a store and how the manager over it behaves; {@link #open()} makes the manager. Not thread-safe. */
    public static final class Builder {

        private Optional<StoreChoice> store = Optional.empty();
        private boolean migrate = true;
        private int maxWaiters = 1_000;

        private Builder() {
        }

        /** Any store choice; the other store methods are shortcuts for it. The last store chosen wins. */
        public Builder store(StoreChoice choice) {
            this.store = Optional.of(Objects.requireNonNull(choice, "choice"));
            return this;
        }

        /** Memory: nothing survives the process. */
        public Builder inMemory() {
            return store(new StoreChoice.Memory());
        }

        /** The H2 file store under {@code folder} (created if missing). Needs {@code com.h2database:h2}. */
        public Builder h2(Path folder) {
            return store(new StoreChoice.Embedded(Objects.requireNonNull(folder, "folder")));
        }

        /**
         * A MySQL or MariaDB server at {@code jdbcUrl} ({@code jdbc:mysql://host:port/database}, or
         * {@code jdbc:mariadb://...}), through a pool of {@code poolSize()} connections this manager opens and closes.
         * Needs {@code com.mysql:mysql-connector-j}.
         *
         * @throws IllegalArgumentException when the URL is not a MySQL URL (the message never shows the password)
         */
        public Builder mysql(String jdbcUrl, String user, String password) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            MySqlSettings defaults = MySqlSettings.localDefaults();
            try {
                return mysql(new MySqlSettings(defaults.host(), defaults.port(), defaults.database(), user, password,
                        defaults.charset(), defaults.connectTimeout(), defaults.readTimeout(), defaults.writeTimeout(),
                        defaults.poolSize(), defaults.poolTimeout(), Optional.of(jdbcUrl)));
            } catch (InvalidSettingException e) {
                throw new IllegalArgumentException("jdbcUrl: " + e.reason(), e);
            }
        }

        /** A MySQL-compatible server with every setting given (pool size, timeouts). */
        public Builder mysql(MySqlSettings settings) {
            return store(new StoreChoice.MySql(Objects.requireNonNull(settings, "settings")));
        }

        /**
         * MySQL or MariaDB through a data source the application already has (its own HikariCP pool, a Spring
         * context's). The manager never closes it. Each unit of work sets its connection to UTC, a 5 s lock wait and
         * READ COMMITTED and sets it back afterwards: three more statements per unit of work than {@link #mysql(String,
         * String, String)}, the price of sharing a pool.
         *
         * @throws IllegalArgumentException from {@link #open()} when it reaches another kind of database
         */
        public Builder dataSource(DataSource dataSource) {
            return store(new StoreChoice.CallersDataSource(Objects.requireNonNull(dataSource, "dataSource")));
        }

        /** Whether {@link #open()} creates or updates the schema (default: yes; safe from several processes at once). */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /** The most claims waiting for data at once (default 1,000; 0 refuses every wait). */
        public Builder maxWaiters(int maxWaiters) {
            if (maxWaiters < 0) {
                throw new IllegalArgumentException("maxWaiters must be >= 0, was " + maxWaiters);
            }
            this.maxWaiters = maxWaiters;
            return this;
        }

        /**
         * Opens the store, migrates its schema unless told not to, and returns a manager over it on the system clock.
         *
         * @throws IllegalStateException when no store was chosen, or its JDBC driver is not on the class path
         */
        public DatasetManager open() {
            StoreChoice choice = store.orElseThrow(() -> new IllegalStateException(
                    "choose a store first: inMemory(), h2(folder), mysql(url, user, password) or dataSource(dataSource)"));
            OpenedStore opened = choice.open(pool -> {
            });
            if (migrate) {
                opened.migrated();
            }
            return new DatasetManager(opened.port(), Clock.systemUTC(), maxWaiters);
        }
    }
}
