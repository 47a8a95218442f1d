package dev.trajectorydatasets.benchmarks;


import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Locale;

/**
 * {@code migrate} adopting a database of the guide's successor module (dart-gui, issue 35) on the local MariaDB: its
 * three tables filled with {@code rows} rollouts over 10 runs of 50 checkpoints each and one use event per second
 * rollout, then {@code migrate} run as an operator runs it (a new JVM, from start to exit), next to what the database
 * takes to copy the same rows with one plain {@code INSERT ... SELECT} per table (no batches, no checks).
 * By hand: {@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.AdoptionBenchmark 1000000}.
 */
public final class AdoptionBenchmark {

    private AdoptionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run(args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000));
    }

    static String run(int rows) throws Exception {
        try (OperatorRun operator = new OperatorRun("datasets_adopt_")) {
            String schema = operator.schema;
            long fill = System.nanoTime();
            try (Connection connection = BenchDatabase.connect(schema); Statement sql = connection.createStatement()) {
                sql.execute("CREATE TABLE checkpoint (id BIGINT NOT NULL AUTO_INCREMENT, name VARCHAR(50) NOT NULL DEFAULT '',"
                        + " version VARCHAR(50) NOT NULL, run_id VARCHAR(191) NOT NULL DEFAULT '', status VARCHAR(20) NOT NULL,"
                        + " path VARCHAR(255) NOT NULL, source VARCHAR(50) NULL, operator VARCHAR(50) NULL, remark VARCHAR(1024) NULL,"
                        + " config_yaml TEXT NULL, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP NOT NULL"
                        + " DEFAULT CURRENT_TIMESTAMP, deleted_at TIMESTAMP NULL, started_at TIMESTAMP NULL, finished_at TIMESTAMP NULL,"
                        + " PRIMARY KEY (id), KEY (version), KEY (run_id)) DEFAULT CHARSET=utf8mb4");
                sql.execute("CREATE TABLE rollout_run (id BIGINT NOT NULL AUTO_INCREMENT, run_id VARCHAR(191) COLLATE utf8mb4_unicode_ci,"
                        + " trajectory_id VARCHAR(191) COLLATE utf8mb4_unicode_ci, task_id VARCHAR(191) COLLATE utf8mb4_unicode_ci,"
                        + " trace_id VARCHAR(191) COLLATE utf8mb4_unicode_ci, split_dir VARCHAR(512) COLLATE utf8mb4_unicode_ci,"
                        + " reward DOUBLE, num_chunks INT, used INT NOT NULL DEFAULT 0, model_version VARCHAR(191) COLLATE utf8mb4_unicode_ci,"
                        + " instruction VARCHAR(1024) COLLATE utf8mb4_unicode_ci, create_at TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,"
                        + " PRIMARY KEY (id), KEY (run_id), KEY (used)) DEFAULT CHARSET=utf8mb4");
                sql.execute("CREATE TABLE dataset_usage_events (id BIGINT NOT NULL AUTO_INCREMENT, trajectory_id VARCHAR(191) NOT NULL,"
                        + " run_id VARCHAR(191) NOT NULL, model_version VARCHAR(512), used_delta INT NOT NULL DEFAULT 0,"
                        + " event_type ENUM('INSERT','UPDATE','USE') NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                        + " PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4");
                sql.execute("INSERT INTO checkpoint (version, run_id, status, path, source) SELECT CONCAT('v', v.seq),"
                        + " CONCAT('results/run_', r.seq), 'PENDING', CONCAT('/ckpt/run_', r.seq, '/step_', v.seq), 'train'"
                        + " FROM seq_0_to_9 r JOIN seq_0_to_49 v");
                sql.execute("INSERT INTO rollout_run (run_id, trajectory_id, task_id, trace_id, split_dir, reward, num_chunks, used,"
                        + " model_version, instruction) SELECT CONCAT('results/run_', s.seq % 10), CONCAT('traj-', s.seq),"
                        + " CONCAT('task-', s.seq DIV 8), CONCAT('trace-', s.seq), '/data/split', (s.seq % 3) / 2.0, 4, s.seq % 3,"
                        + " CONCAT('/ckpt/run_', s.seq % 10, '/step_', s.seq % 50), 'do the thing' FROM seq_1_to_" + rows + " s");
                sql.execute("INSERT INTO dataset_usage_events (trajectory_id, run_id, model_version, used_delta, event_type)"
                        + " SELECT CONCAT('traj-', s.seq), CONCAT('results/run_', s.seq % 10), 'x', 1, 'USE'"
                        + " FROM seq_1_to_" + rows + " s WHERE s.seq % 2 = 0");
            }
            double fillSeconds = (System.nanoTime() - fill) / 1e9;

            double migrateSeconds = operator.seconds(60, "migrate");
            long adopted;
            double plainSeconds;
            try (Connection connection = BenchDatabase.connect(schema); Statement sql = connection.createStatement()) {
                adopted = count(sql, "SELECT COUNT(*) FROM datasets");
                if (adopted != rows) {
                    throw new IllegalStateException("migrate adopted " + adopted + " rollouts of " + rows);
                }
                sql.execute("CREATE TABLE plain_copy LIKE datasets");
                sql.execute("CREATE TABLE plain_events LIKE usage_events");
                long plain = System.nanoTime();
                sql.execute("INSERT INTO plain_copy (trajectory_id, created_at, used, model_version, run_id, claim_key, task_id, reward,"
                        + " attributes) SELECT trajectory_id, create_at, used, 0, run_id, 0, task_id, reward, JSON_OBJECT('trace_id', trace_id)"
                        + " FROM rollout_run");
                sql.execute("INSERT INTO plain_events (dataset_id, run_id, change_by, kind, occurred_at) SELECT id, run_id, used_delta,"
                        + " 'USE', created_at FROM dataset_usage_events");
                plainSeconds = (System.nanoTime() - plain) / 1e9;
            }
            String report = String.format(Locale.ROOT, "%s Filling the module's tables took %.0f s.%n%n"
                            + "| Figure | Value | Ceiling (same run) | Ratio |%n|---|---:|---:|---:|%n"
                            + "| `migrate` adopting %,d rollouts (10 runs, 500 checkpoints, %,d use events), a new JVM from start to exit"
                            + " | %.1f s (%,.0f rollouts/s) | %.1f s (one plain INSERT ... SELECT per table, no batches, no checks) | %.2f |%n",
                    Report.measured("", "AdoptionBenchmark " + rows), fillSeconds,
                    rows, rows / 2, migrateSeconds, rows / migrateSeconds, plainSeconds, plainSeconds / migrateSeconds);
            System.out.printf(Locale.ROOT, "adoption of %,d rollouts: %.1f s (plain copy %.1f s)%n", rows, migrateSeconds, plainSeconds);
            return report;
        }
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }
}
