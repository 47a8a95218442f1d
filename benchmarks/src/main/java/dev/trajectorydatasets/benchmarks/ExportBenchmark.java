package dev.trajectorydatasets.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.embedded.DatasetManagers;

import java.io.BufferedWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Collections;
import java.io.StringWriter;
import java.util.Locale;

/**
 * {@code export} of the operators' CLI on the local MariaDB (issue 19): the whole command as an operator runs it, a
 * new JVM from start to exit, writing JSON Lines to a file; next to its ceiling, plain JDBC walking the same rows by
 * key and writing the same lines in-process.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.ExportBenchmark [rows]}
 */
public final class ExportBenchmark {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run(args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000));
    }

    static String run(int rows) throws Exception {
        try (OperatorRun operator = new OperatorRun("datasets_export_")) {
            String schema = operator.schema;
            Path dir = operator.dir;
            try (DatasetManager manager = DatasetManagers.mysql(BenchDatabase.settings(schema, 4))) {
                for (int start = 0; start < rows; start += 10_000) {
                    List<CreateDatasetCommand> batch = new ArrayList<>();
                    for (int i = start; i < Math.min(rows, start + 10_000); i++) {
                        CreateDatasetCommand command = CreateDatasetCommand.of("export_traj_" + i).inRun("run_" + i % 8)
                                .used(i % 3).modelVersion(i % 5);
                        batch.add(i % 2 == 0 ? command.ofTask("task_" + i / 8).rewarded(i % 4 * 0.25) : command);
                    }
                    manager.createDatasets(batch);
                }
            }
            Path cliFile = dir.resolve("cli.jsonl");
            double cliSeconds = operator.seconds(10, "export", "--out", cliFile.toString());
            long cliLines;
            try (var lines = Files.lines(cliFile)) {
                cliLines = lines.filter(line -> line.startsWith("{\"kind\":\"trajectory\"")).count();
            }
            if (cliLines != rows) {
                throw new IllegalStateException("export wrote " + cliLines + " records of " + rows);
            }
            long start = System.nanoTime();
            long plainLines = plainJdbc(schema, dir.resolve("plain.jsonl"));
            double plainSeconds = (System.nanoTime() - start) / 1e9;
            if (plainLines != rows) {
                throw new IllegalStateException("plain JDBC wrote " + plainLines + " records of " + rows);
            }
            String report = String.format(Locale.ROOT, "%s%n%n"
                            + "| Figure | Value | Ceiling (same run) | Ratio | Target |%n|---|---:|---:|---:|---|%n"
                            + "| `export --out FILE` of %,d records, a new JVM from start to exit | %.1f s (%,.0f records/s) |"
                            + " %.1f s (%,.0f records/s: plain JDBC by key with each page's usage events, same JSON, in-process) | %.2f | under 30 s for 1,000,000 %s |%n",
                    Report.measured("", "ExportBenchmark " + rows), rows,
                    cliSeconds, rows / cliSeconds, plainSeconds, rows / plainSeconds, plainSeconds / cliSeconds,
                    rows >= 1_000_000 ? (cliSeconds < 30 ? "met" : "NOT met") : "(not judged below 1,000,000)");
            System.out.printf(Locale.ROOT, "export of %,d records: %.1f s (plain JDBC %.1f s)%n", rows, cliSeconds, plainSeconds);
            return report;
        }
    }

    /**
     * The ceiling, doing the same work: the same rows by key, 10,000 a page, each page's usage events read by record id
     * (IN lists of 1,000, as the store reads them), written as the same JSON Lines with the same generator.
     */
    private static long plainJdbc(String schema, Path file) throws Exception {
        long written = 0;
        long last = 0;
        try (Connection connection = BenchDatabase.connect(schema);
             PreparedStatement page = connection.prepareStatement("SELECT id, trajectory_id, run_id, task_id, reward, used, model_version,"
                     + " created_at, attributes FROM datasets WHERE id > ? ORDER BY id LIMIT 10000");
             Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            while (true) {
                page.setLong(1, last);
                List<Long> ids = new ArrayList<>(10_000);
                List<String> records = new ArrayList<>(10_000);
                Map<Long, String> trajectoryOf = new HashMap<>();
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        last = rows.getLong(1);
                        ids.add(last);
                        trajectoryOf.put(last, rows.getString(2));
                        StringWriter line = new StringWriter(200);
                        try (JsonGenerator json = JSON.createGenerator(line)) {
                            json.writeStartObject();
                            json.writeStringField("kind", "trajectory");
                            json.writeNumberField("id", last);
                            json.writeStringField("trajectory_id", rows.getString(2));
                            if (rows.getString(3) != null) {
                                json.writeStringField("run_id", rows.getString(3));
                            }
                            if (rows.getString(4) != null) {
                                json.writeStringField("task_id", rows.getString(4));
                            }
                            double reward = rows.getDouble(5);
                            if (!rows.wasNull()) {
                                json.writeNumberField("reward", reward);
                            }
                            json.writeNumberField("used", rows.getInt(6));
                            json.writeNumberField("model_version", rows.getInt(7));
                            json.writeStringField("created_at", rows.getString(8).replace(' ', 'T') + "Z");
                            if (rows.getString(9) != null) {
                                json.writeFieldName("attributes");
                                json.writeRawValue(rows.getString(9));
                            }
                            json.writeEndObject();
                        }
                        records.add(line.toString());
                    }
                }
                Map<Long, List<String>> events = events(connection, ids, trajectoryOf);
                for (int i = 0; i < ids.size(); i++) {
                    out.write(records.get(i));
                    out.write('\n');
                    for (String event : events.getOrDefault(ids.get(i), List.of())) {
                        out.write(event);
                        out.write('\n');
                    }
                    written++;
                }
                if (ids.size() < 10_000) {
                    return written;
                }
            }
        }
    }

    /** Each record's usage lines, by record id. */
    private static Map<Long, List<String>> events(Connection connection, List<Long> ids, Map<Long, String> trajectoryOf) throws Exception {
        Map<Long, List<String>> events = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 1_000) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1_000));
            String in = String.join(",", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement select = connection.prepareStatement("SELECT dataset_id, run_id, change_by, kind, occurred_at,"
                    + " idempotency_key, consumer FROM usage_events WHERE dataset_id IN (" + in + ") ORDER BY dataset_id, id")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        StringWriter line = new StringWriter(160);
                        try (JsonGenerator json = JSON.createGenerator(line)) {
                            json.writeStartObject();
                            json.writeStringField("kind", "usage");
                            json.writeStringField("trajectory_id", trajectoryOf.get(rows.getLong(1)));
                            if (rows.getString(2) != null) {
                                json.writeStringField("run_id", rows.getString(2));
                            }
                            json.writeNumberField("change", rows.getInt(3));
                            json.writeStringField("event", rows.getString(4).toLowerCase(Locale.ROOT));
                            json.writeStringField("at", rows.getString(5).replace(' ', 'T') + "Z");
                            if (rows.getString(6) != null) {
                                json.writeStringField("idempotency_key", rows.getString(6));
                            }
                            if (rows.getString(7) != null) {
                                json.writeStringField("consumer", rows.getString(7));
                            }
                            json.writeEndObject();
                        }
                        events.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>()).add(line.toString());
                    }
                }
            }
        }
        return events;
    }
}
