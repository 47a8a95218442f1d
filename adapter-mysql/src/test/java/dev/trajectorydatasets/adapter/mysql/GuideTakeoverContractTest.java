package dev.trajectorydatasets.adapter.mysql;

import java.sql.SQLException;

/** The whole contract on a database that held the guide's (empty) datasets table, converted by migrate. */
class GuideTakeoverContractTest extends MariaDbStoreContract {

    @Override
    protected MyBatisDatasetStore openOn(String schema) {
        try {
            GuideTakeoverTest.guideTable(server, schema, "");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return DatasetStores.mysql(server.settings(schema));
    }
}
