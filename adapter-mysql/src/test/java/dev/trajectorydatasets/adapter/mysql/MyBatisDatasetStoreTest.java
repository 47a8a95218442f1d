package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.StoreFailureException;
import dev.trajectorydatasets.domain.StoreUnavailableException;
import dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import static dev.trajectorydatasets.domain.DatasetFixtures.T0;
import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only a SQL store can get wrong: durability, time zones, which errors mean what, unreachable servers. */
class MyBatisDatasetStoreTest {

    @TempDir
    Path directory;

    @Test
    void the_embedded_store_keeps_its_data_across_a_restart() {
        Trajectory created;
        try (MyBatisDatasetStore store = DatasetStores.h2(directory)) {
            store.migrate();
            created = store.trajectories().create(aDataset().withRunId("run").used(3).build());
        }
        try (MyBatisDatasetStore reopened = DatasetStores.h2(directory)) {
            reopened.migrate();
            assertEquals(Optional.of(created), reopened.trajectories().findById(created.id()));
            assertThrows(DuplicateTrajectoryException.class, () -> reopened.trajectories().create(aDataset().withTrajectoryId(created.trajectoryId()).build()));
        }
    }

    @Test
    void a_violation_of_another_constraint_is_a_store_failure_not_a_duplicate() throws Exception {
        try (MyBatisDatasetStore store = DatasetStores.h2(directory)) {
            store.migrate();
            try (Connection connection = DriverManager.getConnection(DatasetStores.h2Url(directory), "sa", ""); Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE datasets ADD CONSTRAINT uq_test_one_per_run UNIQUE (run_id)");
            }
            store.trajectories().create(aDataset().withRunId("only-one").build());

            assertThrows(StoreFailureException.class, () -> store.trajectories().create(aDataset().withRunId("only-one").build()));
        }
    }

    @Test
    void an_unreachable_server_fails_fast_as_unavailable_without_revealing_the_password() {
        MySqlSettings defaults = MySqlSettings.localDefaults();
        MySqlSettings nowhere = new MySqlSettings("127.0.0.1", 1, "test", "root", "s3cret-pw", "utf8mb4",
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 2, Duration.ofMillis(500), Optional.empty());

        try (MyBatisDatasetStore store = DatasetStores.mysql(nowhere)) {
            long start = System.nanoTime();
            StoreUnavailableException error = assertThrows(StoreUnavailableException.class, () -> store.trajectories().findById(1));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(millis < 2_000, "failed after " + millis + " ms");
            assertFalse(error.getMessage().contains("s3cret-pw"));
            assertFalse(nowhere.toString().contains("s3cret-pw"));
            assertFalse(store.isAvailable());
            assertThrows(StoreUnavailableException.class, store::migrate);
        }
        assertEquals("utf8mb4", defaults.charset());
    }

    @Test
    void created_at_is_stored_as_utc_wall_clock_whatever_the_jvm_zone() throws Exception {
        assertFalse(java.util.TimeZone.getDefault().getID().equals("UTC"), "the suite runs in a non-UTC zone (see the parent pom)");
        try (MyBatisDatasetStore store = DatasetStores.h2(directory)) {
            store.migrate();
            Trajectory created = store.trajectories().create(aDataset().createdAt(T0).build());

            try (Connection connection = DriverManager.getConnection(DatasetStores.h2Url(directory), "sa", ""); Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT CAST(created_at AS VARCHAR) FROM datasets WHERE id = " + created.id())) {
                assertTrue(row.next());
                assertEquals("2026-01-02 03:04:05.123456", row.getString(1));
            }
        }
    }
}
