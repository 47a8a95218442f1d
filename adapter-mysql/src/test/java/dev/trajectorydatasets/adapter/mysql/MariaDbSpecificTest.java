package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.StoreFailureException;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;

import static dev.trajectorydatasets.domain.DatasetFixtures.T0;
import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MySQL-only promises: the stored time is UTC, the indexes exist, only the trajectory key means duplicate. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbSpecificTest {

    private MariaDbServer server;
    private String schema;
    private MyBatisDatasetStore store;

    @BeforeAll
    void open() {
        server = MariaDbServer.required();
        schema = server.createSchema();
        store = DatasetStores.mysql(server.settings(schema));
        store.migrate();
    }

    @AfterAll
    void drop() {
        if (store != null) {
            store.close();
            server.drop(schema);
        }
    }

    @Test
    void created_at_is_the_utc_wall_clock_in_the_table_whatever_the_session_zone() throws Exception {
        Trajectory created = store.trajectories().create(aDataset().createdAt(T0).build());

        try (Connection connection = server.connect(schema); Statement statement = connection.createStatement()) {
            statement.execute("SET time_zone = '+08:00'");
            try (ResultSet row = statement.executeQuery("SELECT CAST(created_at AS CHAR) FROM datasets WHERE id = " + created.id())) {
                assertTrue(row.next());
                assertEquals("2026-01-02 03:04:05.123456", row.getString(1));
            }
        }
    }

    @Test
    void a_violation_of_another_unique_key_is_a_store_failure_not_a_duplicate() throws Exception {
        String otherSchema = server.createSchema();
        try (MyBatisDatasetStore other = DatasetStores.mysql(server.settings(otherSchema))) {
            other.migrate();
            try (Connection connection = server.connect(otherSchema); Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE datasets ADD CONSTRAINT uq_test_one_per_run UNIQUE (run_id)");
            }
            other.trajectories().create(aDataset().withRunId("only-one").build());

            assertThrows(StoreFailureException.class, () -> other.trajectories().create(aDataset().withRunId("only-one").build()));
        } finally {
            server.drop(otherSchema);
        }
    }

    @Test
    void a_page_of_one_run_walks_the_run_index_instead_of_the_table() throws Exception {
        List<NewTrajectory> rows = IntStream.range(0, 4_000).mapToObj(i -> aDataset().withRunId("run_" + (i % 40)).build()).toList();
        store.trajectories().createAll(rows);
        try (Connection connection = server.connect(schema); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE TABLE datasets");
            try (ResultSet plan = statement.executeQuery(
                    "EXPLAIN SELECT * FROM datasets WHERE run_id = 'run_7' AND id > 5 ORDER BY id LIMIT 100")) {
                assertTrue(plan.next());
                assertEquals("idx_run_id", plan.getString("key"));
                assertFalse(String.valueOf(plan.getString("Extra")).contains("filesort"), plan.getString("Extra"));
            }
        }
    }
}
