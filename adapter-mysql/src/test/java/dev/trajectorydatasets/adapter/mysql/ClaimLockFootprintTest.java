package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A claim locks about the rows it takes, whatever the order and however many rows are eligible: read from
 * InnoDB's own transaction table while the claim's unit of work is still open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaimLockFootprintTest {

    private static final int ELIGIBLE = 20_000;
    private static final int TAKEN = 32;

    private MariaDbServer server;
    private String schema;
    private MyBatisDatasetStore store;

    @BeforeAll
    void fill() {
        server = MariaDbServer.required();
        schema = server.createSchema();
        store = DatasetStores.mysql(server.settings(schema));
        store.migrate();
        List<NewTrajectory> rows = new ArrayList<>();
        for (int i = 0; i < ELIGIBLE; i++) {
            rows.add(aDataset().withRunId("big").used(i % 3).build());
            if (rows.size() == 5_000) {
                store.trajectories().createAll(rows);
                rows.clear();
            }
        }
        // Spread used the way training does, and let the optimizer see it: its plan choice is what went wrong.
        for (int i = 0; i < 5; i++) {
            store.claims().claim(ClaimRequest.of(2_000).inRun("big").ordered(ClaimOrder.RANDOM));
        }
        try (Connection connection = server.connect(schema); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE TABLE datasets");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void drop() {
        if (store != null) {
            store.close();
            server.drop(schema);
        }
    }

    @ParameterizedTest
    @EnumSource(ClaimOrder.class)
    void a_claim_of_32_among_20000_eligible_locks_at_most_a_small_multiple_of_32_rows(ClaimOrder order) {
        for (ClaimRequest request : List.of(ClaimRequest.of(TAKEN).inRun("big").ordered(order),
                ClaimRequest.of(TAKEN).ordered(order))) {
            long[] locked = store.inTransaction(tx -> {
                assertEquals(TAKEN, tx.claims().claim(request).size());
                return lockedByOpenTransactions();
            });

            assertTrue(locked[0] <= 3L * TAKEN, request + " locked " + locked[0] + " rows to take " + TAKEN);
            assertTrue(locked[1] <= 64, request + " held " + locked[1] + " lock structs");
        }
    }

    /** Rows locked and lock structs held by the open transactions of this schema's connections. */
    private long[] lockedByOpenTransactions() {
        try {
            // InnoDB refreshes INNODB_TRX at most every 0.1 s; an older copy could show an earlier transaction.
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Connection connection = server.connect(schema); Statement statement = connection.createStatement();
             // Only this schema's connections: transactions of other schemas on the same server (another test run, a
             // benchmark) must not count.
             ResultSet row = statement.executeQuery("SELECT COALESCE(SUM(t.trx_rows_locked), 0), COALESCE(SUM(t.trx_lock_structs), 0)"
                     + " FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id"
                     + " WHERE t.trx_mysql_thread_id <> CONNECTION_ID() AND p.DB = DATABASE()")) {
            assertTrue(row.next());
            return new long[]{row.getLong(1), row.getLong(2)};
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
