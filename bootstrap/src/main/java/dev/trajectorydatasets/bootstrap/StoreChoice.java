package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.mysql.MySqlSettings;

import java.nio.file.Path;

/** Which store to run on: in memory, embedded H2 under a folder, or a MySQL-compatible server. */
public sealed interface StoreChoice {

    /** Nothing survives the process; for tests and throwaway servers. */
    record Memory() implements StoreChoice {
    }

    /** An H2 file database under {@code directory}: the default when no MySQL server is configured. */
    record Embedded(Path directory) implements StoreChoice {
    }

    record MySql(MySqlSettings settings) implements StoreChoice {
    }
}
