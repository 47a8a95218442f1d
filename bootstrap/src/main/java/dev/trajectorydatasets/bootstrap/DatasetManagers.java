package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.mysql.MySqlSettings;
import dev.trajectorydatasets.application.DatasetManager;

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
        return open(EnvironmentSettings.ofSystem().storeChoice());
    }

    /** A store in memory; nothing survives the process. */
    public static DatasetManager inMemory() {
        return open(new StoreChoice.Memory());
    }

    /** The embedded H2 store under {@code directory}, schema migrated. */
    public static DatasetManager embedded(Path directory) {
        return open(new StoreChoice.Embedded(directory));
    }

    /** A MySQL-compatible server, schema migrated. */
    public static DatasetManager mysql(MySqlSettings settings) {
        return open(new StoreChoice.MySql(settings));
    }

    /** Opens the chosen store, migrates its schema and puts a manager over it. */
    public static DatasetManager open(StoreChoice choice) {
        return DatasetManager.over(choice.open(pool -> {
        }).migrated().port());
    }
}
