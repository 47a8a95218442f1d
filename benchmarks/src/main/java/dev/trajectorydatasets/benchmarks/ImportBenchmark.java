package dev.trajectorydatasets.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.embedded.DatasetManagers;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code import} of a backup (records with their usage history, issue 34) on the local MariaDB, run as an operator runs
 * it (a new JVM, from start to exit, into a migrated empty schema), next to plain JDBC doing the same work in-process:
 * the same file parsed line by line, 10,000 lines a transaction, records by multi-row INSERTs of 1,000 and their events
 * likewise. By hand: {@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.ImportBenchmark 1000000}.
 */
public final class ImportBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run(args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000));
    }

    static String run(int rows) throws Exception {
        try (OperatorRun source = new OperatorRun("datasets_import_src_"); OperatorRun target = new OperatorRun("datasets_import_dst_");
             OperatorRun ceiling = new OperatorRun("datasets_import_jdbc_")) {
            try (DatasetManager manager = DatasetManagers.mysql(BenchDatabase.settings(source.schema, 4))) {
                for (int start = 0; start < rows; start += 10_000) {
                    List<CreateDatasetCommand> batch = new ArrayList<>();
                    for (int i = start; i < Math.min(rows, start + 10_000); i++) {
                        batch.add(CreateDatasetCommand.of("import_traj_" + i).inRun("run_" + i % 8).used(i % 3).modelVersion(i % 5)
                                .ofTask("task_" + i / 8).rewarded(i % 4 * 0.25));
                    }
                    manager.createDatasets(batch);
                }
            }
            Path file = source.dir.resolve("backup.jsonl");
            source.seconds(10, "export", "--out", file.toString());
            long lines;
            try (var all = Files.lines(file)) {
                lines = all.count();
            }
            target.seconds(5, "migrate");
            ceiling.seconds(5, "migrate");
            double importSeconds = target.seconds(30, "import", file.toString());
            long plainStart = System.nanoTime();
            long plainRecords = plainJdbc(ceiling.schema, file);
            double plainSeconds = (System.nanoTime() - plainStart) / 1e9;
            try (Connection connection = BenchDatabase.connect(target.schema); Statement sql = connection.createStatement();
                 ResultSet counted = sql.executeQuery("SELECT (SELECT COUNT(*) FROM datasets), (SELECT COUNT(*) FROM usage_events)")) {
                counted.next();
                if (counted.getLong(1) != rows || plainRecords != rows || counted.getLong(1) + counted.getLong(2) != lines) {
                    throw new IllegalStateException("import stored " + counted.getLong(1) + " records and " + counted.getLong(2)
                            + " events of " + lines + " lines; plain JDBC " + plainRecords + " records");
                }
            }
            String report = String.format(Locale.ROOT, "%s%n%n"
                            + "| Figure | Value | Ceiling (same run) | Ratio |%n|---|---:|---:|---:|%n"
                            + "| `import FILE` of a backup of %,d records and %,d usage events, a new JVM from start to exit | %.1f s"
                            + " (%,.0f records/s) | %.1f s (plain JDBC in-process: the same lines parsed, 10,000 a transaction,"
                            + " multi-row INSERTs of records and events) | %.2f |%n",
                    Report.measured("", "ImportBenchmark " + rows), rows,
                    lines - rows, importSeconds, rows / importSeconds, plainSeconds, plainSeconds / importSeconds);
            System.out.printf(Locale.ROOT, "import of %,d records: %.1f s (plain JDBC %.1f s)%n", rows, importSeconds, plainSeconds);
            return report;
        }
    }

    /** The ceiling: the file's lines parsed, each 10,000 one transaction, records then their events in INSERTs of 1,000. */
    private static long plainJdbc(String schema, Path file) throws Exception {
        long records = 0;
        try (Connection connection = BenchDatabase.connect(schema); BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            connection.setAutoCommit(false);
            List<JsonNode> batch = new ArrayList<>(10_000);
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node = JSON.readTree(line);
                if (batch.size() >= 10_000 && !node.get("kind").asText().equals("usage")) {
                    records += store(connection, batch);
                    batch.clear();
                }
                batch.add(node);
            }
            records += store(connection, batch);
        }
        return records;
    }

    private static int store(Connection connection, List<JsonNode> lines) throws Exception {
        List<JsonNode> records = lines.stream().filter(node -> node.get("kind").asText().equals("trajectory")).toList();
        List<JsonNode> events = lines.stream().filter(node -> node.get("kind").asText().equals("usage")).toList();
        Map<String, Long> ids = new HashMap<>();
        for (int from = 0; from < records.size(); from += 1_000) {
            List<JsonNode> chunk = records.subList(from, Math.min(records.size(), from + 1_000));
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO datasets (trajectory_id, created_at, used,"
                    + " model_version, run_id, claim_key, task_id, reward) VALUES "
                    + String.join(",", Collections.nCopies(chunk.size(), "(?,?,?,?,?,?,?,?)")), Statement.RETURN_GENERATED_KEYS)) {
                int p = 1;
                for (JsonNode record : chunk) {
                    insert.setString(p++, record.get("trajectory_id").asText());
                    insert.setString(p++, record.get("created_at").asText().replace('T', ' ').replace("Z", ""));
                    insert.setInt(p++, record.get("used").asInt());
                    insert.setInt(p++, record.get("model_version").asInt());
                    insert.setString(p++, record.path("run_id").asText(null));
                    insert.setInt(p++, java.util.concurrent.ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
                    insert.setString(p++, record.path("task_id").asText(null));
                    insert.setDouble(p++, record.get("reward").asDouble());
                }
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    for (JsonNode record : chunk) {
                        keys.next();
                        ids.put(record.get("trajectory_id").asText(), keys.getLong(1));
                    }
                }
            }
        }
        for (int from = 0; from < events.size(); from += 1_000) {
            List<JsonNode> chunk = events.subList(from, Math.min(events.size(), from + 1_000));
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO usage_events (dataset_id, run_id, change_by, kind,"
                    + " occurred_at) VALUES " + String.join(",", Collections.nCopies(chunk.size(), "(?,?,?,?,?)")))) {
                int p = 1;
                for (JsonNode event : chunk) {
                    insert.setLong(p++, ids.get(event.get("trajectory_id").asText()));
                    insert.setString(p++, event.path("run_id").asText(null));
                    insert.setInt(p++, event.get("change").asInt());
                    insert.setString(p++, event.get("event").asText().toUpperCase(Locale.ROOT));
                    insert.setString(p++, event.get("at").asText().replace('T', ' ').replace("Z", ""));
                }
                insert.executeUpdate();
            }
        }
        connection.commit();
        return records.size();
    }
}
