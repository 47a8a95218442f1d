package dev.trajectorydatasets.adapter.mysql;

import org.junit.jupiter.api.BeforeAll;

import java.util.ArrayList;
import java.util.List;

/** The whole contract on the real MySQL-compatible server (MariaDB in CI), in databases of its own. */
class MariaDbDatasetStoreTest extends MyBatisStoreContract {

    private MariaDbServer server;
    private final List<String> schemas = new ArrayList<>();

    @BeforeAll
    void reachServer() {
        server = MariaDbServer.required();
    }

    @Override
    protected MyBatisDatasetStore openEmpty() {
        String schema = server.createSchema();
        schemas.add(schema);
        return DatasetStores.mysql(server.settings(schema));
    }

    @Override
    protected void cleanUp() {
        if (server != null) {
            schemas.forEach(server::drop);
        }
    }
}
