package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.adapter.mysql.DatasetStores;
import dev.trajectorydatasets.adapter.mysql.MyBatisDatasetStore;
import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one claim holds locked on MariaDB while its transaction is open, for each order, with and without a run:
 * InnoDB's own counts (rows locked, lock structs, lock memory) from {@code INNODB_TRX} and the "lock struct(s)"
 * line of {@code SHOW ENGINE INNODB STATUS}. Usage: {@code ClaimLockProbe [rows, default 1000000] [count, default 32]}.
 */
public final class ClaimLockProbe {

    private static final Pattern LOCK_STRUCTS = Pattern.compile("(\\d+) lock struct\\(s\\), heap size (\\d+), (\\d+) row lock\\(s\\)");

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        String schema = "datasets_bench_locks_" + System.nanoTime();
        BenchDatabase.createSchema(schema);
        try (MyBatisDatasetStore store = DatasetStores.mysql(BenchDatabase.settings(schema, 4))) {
            store.migrate();
            Instant now = Instant.now();
            List<NewTrajectory> batch = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                batch.add(new NewTrajectory(TrajectoryId.of("t" + i), Optional.of(RunId.of("run_" + (i % 10))), i % 3, i % 5, now));
                if (batch.size() == 10_000) {
                    store.trajectories().createAll(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                store.trajectories().createAll(batch);
            }
            try (Connection connection = BenchDatabase.connect(schema); Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE TABLE datasets");
            }
            System.out.printf("one claim of %d, %,d rows in the table (10 runs), MariaDB's counts while the claim is open%n", count, rows);
            System.out.printf("%-12s %-8s %6s %12s %12s %12s%n", "order", "scope", "taken", "rows locked", "lock structs", "lock bytes");
            for (ClaimOrder order : ClaimOrder.values()) {
                for (boolean inRun : new boolean[]{true, false}) {
                    ClaimRequest request = inRun ? ClaimRequest.of(count).inRun("run_3").ordered(order) : ClaimRequest.of(count).ordered(order);
                    String line = store.inTransaction(tx -> {
                        int taken = tx.claims().claim(request).size();
                        long[] held = held(schema);
                        return String.format("%-12s %-8s %6d %12d %12d %12d", order, inRun ? "one run" : "all", taken, held[0], held[1], held[2]);
                    });
                    System.out.println(line);
                }
            }
        } finally {
            BenchDatabase.dropSchema(schema);
        }
    }

    /** Rows locked, lock structs and lock heap bytes of the other open transaction, cross-checked with the monitor. */
    private static long[] held(String schema) {
        try (Connection connection = BenchDatabase.connect(schema); Statement statement = connection.createStatement()) {
            Thread.sleep(200); // INNODB_TRX is a copy refreshed at most every 0.1 s
            long[] trx = new long[3];
            try (ResultSet row = statement.executeQuery("SELECT trx_rows_locked, trx_lock_structs, trx_lock_memory_bytes"
                    + " FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id <> CONNECTION_ID()")) {
                if (row.next()) {
                    trx = new long[]{row.getLong(1), row.getLong(2), row.getLong(3)};
                }
            }
            try (ResultSet status = statement.executeQuery("SHOW ENGINE INNODB STATUS")) {
                status.next();
                // Only the TRANSACTIONS section: the LATEST DETECTED DEADLOCK section above it may be old.
                String monitorText = status.getString(3);
                Matcher monitor = LOCK_STRUCTS.matcher(monitorText.substring(Math.max(0, monitorText.indexOf("\nTRANSACTIONS\n"))));
                System.out.print(monitor.find() ? "  monitor: " + monitor.group() + "\n" : "");
            }
            return trx;
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private ClaimLockProbe() {
    }
}
