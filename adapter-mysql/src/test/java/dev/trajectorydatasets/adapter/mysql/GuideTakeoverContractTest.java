package dev.trajectorydatasets.adapter.mysql;

import org.junit.jupiter.api.BeforeAll;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The whole contract on a database that held the guide's (empty) datasets table, converted by migrate. */
class GuideTakeoverContractTest extends MyBatisStoreContract {

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
        try {
            GuideTakeoverTest.guideTable(server, schema, "");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return DatasetStores.mysql(server.settings(schema));
    }

    @Override
    protected void cleanUp() {
        if (server != null) {
            schemas.forEach(server::drop);
        }
    }
}
