package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetPortContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mysql.MySQLContainer;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole contract on MySQL 8.4 in a container, where a Docker engine runs; skipped cleanly elsewhere
 * (this machine and CI have none: there the MariaDB suite is the real-server proof).
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlContainerDatasetStoreTest extends DatasetPortContract {

    @Container
    static final MySQLContainer MYSQL = new MySQLContainer("mysql:8.4");

    private MariaDbServer server;
    private final List<MyBatisDatasetStore> stores = new ArrayList<>();
    private MyBatisDatasetStore store;

    @BeforeAll
    void openStore() {
        server = MariaDbServer.at(MYSQL.getJdbcUrl(), "root", MYSQL.getPassword());
        store = newStore();
    }

    @AfterAll
    void closeStores() {
        stores.forEach(MyBatisDatasetStore::close);
    }

    private MyBatisDatasetStore newStore() {
        MyBatisDatasetStore opened = DatasetStores.mysql(server.settings(server.createSchema()));
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
