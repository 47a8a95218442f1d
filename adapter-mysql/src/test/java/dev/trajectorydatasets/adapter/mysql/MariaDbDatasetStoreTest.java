package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetPortContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

/** The whole contract on the real MySQL-compatible server (MariaDB in CI), in a schema of its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbDatasetStoreTest extends DatasetPortContract {

    private MariaDbServer server;
    private final List<String> schemas = new ArrayList<>();
    private final List<MyBatisDatasetStore> stores = new ArrayList<>();
    private MyBatisDatasetStore store;

    @BeforeAll
    void openStore() {
        server = MariaDbServer.required();
        store = newStore();
    }

    @AfterAll
    void dropSchemas() {
        if (server == null) {
            return;
        }
        stores.forEach(MyBatisDatasetStore::close);
        schemas.forEach(server::drop);
    }

    private MyBatisDatasetStore newStore() {
        String schema = server.createSchema();
        schemas.add(schema);
        MyBatisDatasetStore opened = DatasetStores.mysql(server.settings(schema));
        stores.add(opened);
        opened.migrate();
        return opened;
    }

    @Override
    protected DatasetPort store() {
        return store;
    }

    @Override
    protected DatasetPort freshStore() {
        return newStore();
    }
}
