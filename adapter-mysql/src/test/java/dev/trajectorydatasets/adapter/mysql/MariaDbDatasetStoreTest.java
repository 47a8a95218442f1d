package dev.trajectorydatasets.adapter.mysql;

/** The whole contract on the real MySQL-compatible server (MariaDB in CI), in databases of its own. */
class MariaDbDatasetStoreTest extends MariaDbStoreContract {

    @Override
    protected MyBatisDatasetStore openOn(String schema) {
        return DatasetStores.mysql(server.settings(schema));
    }
}
