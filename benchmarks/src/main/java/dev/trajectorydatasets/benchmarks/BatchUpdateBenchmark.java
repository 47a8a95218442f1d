package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.adapter.http.DatasetHttpServer;
import dev.trajectorydatasets.adapter.http.StoreStatus;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.TrajectoryUpdate;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.embedded.DatasetManagers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Batches of 10,000 on MariaDB: setting {@code used} to a value of each item's own (embedded {@code updateDatasets},
 * HTTP {@code PATCH /v1/datasets/batch}) and one use of each (embedded {@code recordUses}, HTTP {@code POST
 * /v1/datasets/use}), each against the store's statements and usage events in plain JDBC on one held connection
 * ({@link StoreStatements}; over HTTP, behind a bare Javalin route parsing the same body and answering the same
 * records), with the bare ceiling beside it: for set, the faster of a batched {@code UPDATE ... WHERE trajectory_id
 * = ?} and multi-row {@code UPDATE ... JOIN}; for use, {@code UPDATE ... used = used + 1 WHERE trajectory_id IN
 * (...)}; no history.
 */
final class BatchUpdateBenchmark {

    private static final int CHUNK = 1_000;

    private BatchUpdateBenchmark() {
    }

    /** {@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.BatchUpdateBenchmark [--quick]}. */
    public static void main(String[] args) throws Exception {
        Report report = new Report();
        boolean quick = java.util.Arrays.asList(args).contains("--quick");
        run(report, quick ? 1_000 : 10_000, quick ? 1 : 5);
        report.table.forEach(row -> System.out.println("| " + String.join(" | ", row) + " |"));
    }

    static void run(Report report, int size, int pairs) throws Exception {
        String schema = "datasets_batch_" + UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        BenchDatabase.createSchema(schema + "_jdbc");
        io.javalin.Javalin bare = null;
        try (DatasetManager store = DatasetManagers.mysql(BenchDatabase.settings(schema, 4));
             DatasetManager plainSchema = DatasetManagers.mysql(BenchDatabase.settings(schema + "_jdbc", 1));
             Connection plain = StoreStatements.connect(schema + "_jdbc");
             DatasetHttpServer server = new DatasetHttpServer(store, new StoreStatus("bench", () -> true), "bench",
                     new DatasetHttpServer.Settings("127.0.0.1", 0, Optional.empty())).start()) {
            List<String> ids = IntStream.range(0, size).mapToObj(i -> "batch_" + i).sorted().toList();
            List<CreateDatasetCommand> rows = ids.stream().map(id -> CreateDatasetCommand.of(id).inRun("batch")).toList();
            store.createDatasets(rows);
            plainSchema.createDatasets(rows);
            bare = HttpWorkloads.bareJavalin(schema + "_jdbc");
            List<TrajectoryId> trajectoryIds = ids.stream().map(TrajectoryId::of).toList();
            String base = "http://127.0.0.1:" + server.port();
            String bareBase = "http://127.0.0.1:" + bare.port();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            report.paired("MariaDB batch update of " + size + ", a value each, embedded", Harness.SAME_WORK, 0.8, false, pairs,
                    t -> Measure.rate(size, () -> store.updateDatasets(IntStream.range(0, size).mapToObj(i -> new TrajectoryUpdate(
                            trajectoryIds.get(i), TrajectoryChanges.none().withUsed(value(i, t)))).toList()).updated()),
                    t -> Measure.rate(size, () -> StoreStatements.setUsed(plain, values(ids, t))),
                    t -> setEach(plain, ids, t + 50));
            report.paired("HTTP batch update of " + size + ", a value each (PATCH /v1/datasets/batch)", Harness.SAME_WORK_HTTP, 0.8, false, pairs,
                    t -> Measure.rate(size, () -> send(http, patch(base + "/v1/datasets/batch", ids, t + 100), size)),
                    t -> Measure.rate(size, () -> send(http, patch(bareBase + "/jdbc/batch", ids, t + 100), size)),
                    t -> setEach(plain, ids, t + 150));
            report.paired("MariaDB batch use of " + size + ", embedded", Harness.SAME_WORK, 0.8, false, pairs,
                    t -> Measure.rate(size, () -> store.recordUses(trajectoryIds, UsageLimit.once()).used().size()),
                    t -> Measure.rate(size, () -> StoreStatements.use(plain, ids)),
                    t -> Measure.rate(size, () -> useEach(plain, ids)));
            String useBody = ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "{\"trajectory_ids\":[", "]}"));
            report.paired("HTTP batch use of " + size + " (POST /v1/datasets/use)", Harness.SAME_WORK_HTTP, 0.8, false, pairs,
                    t -> Measure.rate(size, () -> send(http, post(base + "/v1/datasets/use", useBody), size)),
                    t -> Measure.rate(size, () -> send(http, post(bareBase + "/jdbc/use", useBody), size)),
                    t -> Measure.rate(size, () -> useEach(plain, ids)));
        } finally {
            if (bare != null) {
                bare.stop();
            }
            BenchDatabase.dropSchema(schema);
            BenchDatabase.dropSchema(schema + "_jdbc");
        }
    }

    private static List<java.util.Map.Entry<String, Integer>> values(List<String> sortedIds, int t) {
        return IntStream.range(0, sortedIds.size()).mapToObj(i -> java.util.Map.entry(sortedIds.get(i), value(i, t))).toList();
    }

    private static HttpRequest patch(String url, List<String> ids, int t) {
        String body = IntStream.range(0, ids.size()).mapToObj(i -> "{\"trajectory_id\":\"" + ids.get(i) + "\",\"used\":" + value(i, t) + "}")
                .collect(Collectors.joining(",", "{\"items\":[", "]}"));
        return HttpRequest.newBuilder(URI.create(url)).method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
    }

    private static HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build();
    }

    /** Item {@code i}'s value in trial {@code t}: 0 to 99, differing between neighbours. */
    private static int value(int i, int t) {
        return (i * 7 + t) % 100;
    }

    private static int send(HttpClient http, HttpRequest request, int size) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.statusCode() + " " + response.body().substring(0, Math.min(300, response.body().length())));
            }
            return size;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The faster of the two plain ways to set a value per row. */
    private static double setEach(Connection plain, List<String> ids, int t) {
        double batched = Measure.rate(ids.size(), () -> batched(plain, ids, t));
        double multiRow = Measure.rate(ids.size(), () -> multiRow(plain, ids, t + 1));
        return Math.max(batched, multiRow);
    }

    private static int batched(Connection connection, List<String> ids, int t) {
        return inTransaction(connection, () -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE datasets SET used = ? WHERE trajectory_id = ?")) {
                for (int i = 0; i < ids.size(); i++) {
                    update.setInt(1, value(i, t));
                    update.setString(2, ids.get(i));
                    update.addBatch();
                }
                return IntStream.of(update.executeBatch()).map(n -> Math.max(n, 0) > 0 || n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : 0).sum();
            }
        });
    }

    private static int multiRow(Connection connection, List<String> ids, int t) {
        return inTransaction(connection, () -> {
            int done = 0;
            for (int from = 0; from < ids.size(); from += CHUNK) {
                int n = Math.min(CHUNK, ids.size() - from);
                String values = "SELECT ? AS t, ? AS u" + " UNION ALL SELECT ?, ?".repeat(n - 1);
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE datasets d JOIN (" + values + ") v ON d.trajectory_id = v.t SET d.used = v.u")) {
                    int p = 1;
                    for (int i = from; i < from + n; i++) {
                        update.setString(p++, ids.get(i));
                        update.setInt(p++, value(i, t));
                    }
                    update.executeUpdate();
                    done += n;
                }
            }
            return done;
        });
    }

    private static int useEach(Connection connection, List<String> ids) {
        return inTransaction(connection, () -> {
            int done = 0;
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                try (PreparedStatement update = connection.prepareStatement("UPDATE datasets SET used = used + 1 WHERE trajectory_id IN ("
                        + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        update.setString(i + 1, chunk.get(i));
                    }
                    done += update.executeUpdate();
                }
            }
            return done;
        });
    }

    private interface Work {
        int run() throws SQLException;
    }

    private static int inTransaction(Connection connection, Work work) {
        try {
            connection.setAutoCommit(false);
            int done = work.run();
            connection.commit();
            connection.setAutoCommit(true);
            return done;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
