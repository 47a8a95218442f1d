package dev.trajectorydatasets.adapter.mysql;

import org.junit.jupiter.api.BeforeAll;

import java.util.ArrayList;
import java.util.List;

/** The contract on the real MySQL-compatible server, each store in a database of its own, dropped afterwards. */
abstract class MariaDbStoreContract extends MyBatisStoreContract {

    private final List<String> schemas = new ArrayList<>();
    MariaDbServer server;

    @BeforeAll
    final void reachServer() {
        server = MariaDbServer.required();
    }

    /** A store on {@code schema}, a new empty database (prepare it as the subclass needs). */
    protected abstract MyBatisDatasetStore openOn(String schema);

    /** A new database, dropped after the class. */
    final String newSchema() {
        String schema = server.createSchema();
        schemas.add(schema);
        return schema;
    }

    @Override
    protected final MyBatisDatasetStore openEmpty() {
        return openOn(newSchema());
    }

    @Override
    protected void cleanUp() {
        if (server != null) {
            schemas.forEach(server::drop);
        }
    }
}
