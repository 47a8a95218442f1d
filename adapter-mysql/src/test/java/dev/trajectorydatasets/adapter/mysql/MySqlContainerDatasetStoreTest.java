package dev.trajectorydatasets.adapter.mysql;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The whole contract on MySQL 8.4 in a container, where a Docker engine runs; skipped cleanly elsewhere
 * (this machine and CI have none: there the MariaDB suite is the real-server proof).
 */
@Testcontainers(disabledWithoutDocker = true)
class MySqlContainerDatasetStoreTest extends MyBatisStoreContract {

    @Container
    static final MySQLContainer MYSQL = new MySQLContainer("mysql:8.4");

    @Override
    protected MyBatisDatasetStore openEmpty() {
        MariaDbServer server = MariaDbServer.at(MYSQL.getJdbcUrl(), "root", MYSQL.getPassword());
        return DatasetStores.mysql(server.settings(server.createSchema()));
    }
}
