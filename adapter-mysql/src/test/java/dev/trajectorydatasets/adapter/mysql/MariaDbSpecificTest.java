package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.StoreFailureException;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.trajectorydatasets.domain.DatasetFixtures.T0;
import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MySQL-only promises: the stored time is UTC, the indexes exist, only the trajectory key means duplicate, a group
 * claim leaves the rows other leases hold unlocked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbSpecificTest {

    private static final int TASKS = 24;
    private static final int HELD = 16;

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

    /**
     * Issue 33: with 192 trainers holding leases, every group claim walked past the held tasks (the oldest), locked
     * their rows on the way and kept those locks to its end, so acknowledgements waited for other trainers' claims
     * (125 ms each at 256 clients) and a claim sent a statement per held task. A trainer's acknowledgement locks its
     * held rows; while another trainer's group claim is still open, those locks are free. (A named consumer group's
     * claims lock its rows by primary key after reading without locks, so they never kept these; its case guards that.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"default", "evaluator"})
    void a_group_claim_leaves_the_rows_other_leases_hold_unlocked(String group) throws SQLException {
        RunId run = RunId.of("held-" + group);
        ConsumerGroup consumers = ConsumerGroup.of(group);
        if (!consumers.isDefault()) {
            store.consumerGroups().declare(run, consumers);
        }
        DatasetPort trainer = store.attributedTo(UsageOrigin.NONE.inGroup(consumers));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<NewTrajectory> rows = new ArrayList<>();
        for (int i = 0; i < TASKS * 4; i++) {
            rows.add(new NewTrajectory(TrajectoryId.of(run.value() + "-" + i), Optional.of(run), 0, 0, t0.plusSeconds(i),
                    Optional.of(TaskId.of("t" + i / 4)), OptionalDouble.of(i % 2), Optional.empty()));
        }
        store.trajectories().createAll(rows);
        GroupClaimRequest oneGroup = GroupClaimRequest.of(run, GroupCriteria.ofSize(4).withMixedRewards(), 1);
        List<Long> held = new ArrayList<>();
        for (int i = 0; i < HELD; i++) {
            held.addAll(ids(trainer.claims().leaseGroups(oneGroup, LeaseTerms.seconds(600)).taken()));
        }

        String locked = store.inTransaction(tx -> {
            GroupClaim next = tx.attributedTo(UsageOrigin.NONE.inGroup(consumers)).claims().leaseGroups(oneGroup, LeaseTerms.seconds(600)).taken();
            assertEquals(List.of(TaskId.of("t" + HELD)), next.groups().stream().map(g -> g.taskId()).toList());
            return lockNowait(run, consumers, held);
        });

        assertEquals("", locked, "rows held by leases, locked by the open claim");
    }

    private static List<Long> ids(GroupClaim claim) {
        return claim.members().stream().map(Trajectory::id).toList();
    }

    /**
     * Locks the rows of {@code ids} an acknowledgement locks (the records' for the default group, the group's own
     * counts for another), without waiting; the ids it could not lock ("" if none).
     */
    private String lockNowait(RunId run, ConsumerGroup group, List<Long> ids) {
        List<String> refused = new ArrayList<>();
        try (Connection connection = server.connect(schema); Statement statement = connection.createStatement()) {
            String rows = "SELECT id FROM datasets WHERE id = ";
            if (!group.isDefault()) {
                try (ResultSet found = statement.executeQuery("SELECT id FROM consumer_groups WHERE run_id = '" + run.value()
                        + "' AND name = '" + group.name() + "'")) {
                    found.next();
                    rows = "SELECT dataset_id FROM consumer_group_uses WHERE group_id = " + found.getInt(1) + " AND dataset_id = ";
                }
            }
            connection.setAutoCommit(false);
            for (long id : ids) {
                try {
                    statement.executeQuery(rows + id + " FOR UPDATE NOWAIT").close();
                } catch (SQLException lockedByOther) {
                    refused.add(String.valueOf(id));
                }
            }
            connection.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return refused.stream().collect(Collectors.joining(","));
    }
}
