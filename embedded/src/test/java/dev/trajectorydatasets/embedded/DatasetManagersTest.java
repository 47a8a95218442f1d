package dev.trajectorydatasets.embedded;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trajectorydatasets.adapter.mysql.MariaDbServer;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedding factory as an application uses it: each way to choose a store, and what closing closes. */
class DatasetManagersTest {

    @Test
    void opening_without_a_store_names_the_choices() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> DatasetManagers.builder().open());
        assertTrue(refused.getMessage().contains("h2(folder)") && refused.getMessage().contains("dataSource"), refused.getMessage());
    }

    @Test
    void a_negative_wait_limit_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> DatasetManagers.builder().maxWaiters(-1));
    }

    @Test
    void an_h2_folder_keeps_the_data_across_managers(@TempDir Path folder) {
        try (DatasetManager manager = DatasetManagers.builder().h2(folder).open()) {
            manager.createDataset(CreateDatasetCommand.of("kept").inRun("r").ofTask("t").rewarded(1));
        }
        try (DatasetManager manager = DatasetManagers.builder().h2(folder).migrate(false).open()) {
            assertTrue(manager.getDatasetByTrajectoryId("kept").isPresent());
            assertEquals(1, manager.claimTrajectories(ClaimRequest.of(5).inRun("r")).size());
        }
    }

    @Test
    void a_jdbc_url_with_credentials_opens_its_own_pool_on_mariadb() {
        MariaDbServer server = MariaDbServer.required();
        String schema = server.createSchema();
        try (DatasetManager manager = DatasetManagers.builder()
                .mysql(server.urlFor(schema), server.settings(schema).user(), server.settings(schema).password()).open()) {
            for (int i = 0; i < 6; i++) {
                manager.createDataset(CreateDatasetCommand.of("m" + i).inRun("r").ofTask("task_" + i / 3));
            }
            GroupClaim claimed = manager.claimGroups(GroupClaimRequest.of("r", GroupCriteria.ofSize(3), 2));
            assertEquals(6, claimed.members().size());
            assertEquals(1, manager.getUsageStats("r").minUsed());
        } finally {
            server.drop(schema);
        }
    }

    @Test
    void a_callers_data_source_is_used_and_left_open() throws SQLException {
        MariaDbServer server = MariaDbServer.required();
        String schema = server.createSchema();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.urlFor(schema));
        config.setUsername(server.settings(schema).user());
        config.setPassword(server.settings(schema).password());
        config.setMaximumPoolSize(4);
        try (HikariDataSource applicationPool = new HikariDataSource(config)) {
            try (DatasetManager manager = DatasetManagers.builder().dataSource(applicationPool).open()) {
                manager.createDataset("shared_pool", "r");
                assertEquals(1, manager.recordUse("shared_pool").dataset().orElseThrow().used());
            }
            assertFalse(applicationPool.isClosed(), "closing the manager closed the application's pool");
            try (Connection connection = applicationPool.getConnection()) {
                assertTrue(connection.isValid(2));
            }
        } finally {
            server.drop(schema);
        }
    }

    @Test
    void a_url_that_is_not_mysql_is_refused_without_showing_the_password() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> DatasetManagers.builder().mysql("jdbc:postgresql://db:5432/x?password=hunter2", "u", "hunter2"));
        assertTrue(refused.getMessage().startsWith("jdbcUrl"), refused.getMessage());
        assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
    }
}
