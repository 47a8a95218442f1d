package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.adapter.http.DatasetHttpServer;
import dev.trajectorydatasets.adapter.http.StoreStatus;
import dev.trajectorydatasets.application.DatasetManager;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The HTTP figures of the harness: lookups and creates over 1 and 8 keep-alive connections, each right after the
 * same requests to a bare Javalin endpoint (its ceiling) with the same connections.
 */
final class HttpWorkloads {

    private final Report report;
    /** Requests per measurement. */
    private final int requests;

    HttpWorkloads(Report report, int requests) {
        this.report = report;
        this.requests = requests;
    }

    /**
     * Bare Javalin endpoints: {@code /constant} answers a constant record (what no HTTP route can beat);
     * {@code /jdbc/{trajectory_id}} does the plain-JDBC lookup on the harness's MariaDB schema through a HikariCP
     * pool of the store's size and answers the record as JSON (Jackson): the fair ceiling of an HTTP lookup on MariaDB.
     */
    static Javalin bareJavalin(String schema) {
        byte[] constant = "{\"id\":17,\"trajectory_id\":\"traj_001\",\"run_id\":\"run_alpha\",\"used\":0,\"model_version\":0,\"created_at\":\"2026-11-27T03:50:45Z\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(BenchDatabase.settings(schema, 10).url());
        config.setUsername(BenchDatabase.USER);
        config.setPassword(BenchDatabase.PASSWORD);
        config.setMaximumPoolSize(10);
        config.setConnectionInitSql("SET time_zone = '+00:00'");
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Javalin bare = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/constant", ctx -> ctx.contentType("application/json").result(constant));
            // The same JDBC work as PATCH /v1/datasets/batch (used only) and POST /v1/datasets/use, behind a bare route.
            cfg.routes.patch("/jdbc/batch", ctx -> {
                List<Map.Entry<String, Integer>> values = new ArrayList<>();
                for (com.fasterxml.jackson.databind.JsonNode item : json.readTree(ctx.bodyAsBytes()).get("items")) {
                    values.add(Map.entry(item.get("trajectory_id").asText(), item.get("used").asInt()));
                }
                values.sort(Map.Entry.comparingByKey());
                try (Connection connection = pool.getConnection()) {
                    int updated = StoreStatements.setUsed(connection, values);
                    ctx.contentType("application/json").result(json.writeValueAsBytes(Map.of("updated", updated, "not_found", List.of())));
                }
            });
            cfg.routes.post("/jdbc/use", ctx -> {
                List<String> ids = new ArrayList<>();
                json.readTree(ctx.bodyAsBytes()).get("trajectory_ids").forEach(id -> ids.add(id.asText()));
                List<Map<String, Object>> records = new ArrayList<>(ids.size());
                try (Connection connection = pool.getConnection()) {
                    StoreStatements.use(connection, ids.stream().distinct().sorted().toList(), records, true);
                }
                ctx.contentType("application/json").result(json.writeValueAsBytes(Map.of("items", records, "not_found", List.of(), "at_limit", List.of())));
            });
            cfg.routes.get("/jdbc/{trajectory_id}", ctx -> {
                try (Connection connection = pool.getConnection();
                     java.sql.PreparedStatement select = connection.prepareStatement("SELECT id, trajectory_id, created_at, used, model_version, "
                             + "run_id, task_id, reward, attributes FROM datasets WHERE trajectory_id = ?")) {
                    select.setString(1, ctx.pathParam("trajectory_id"));
                    try (java.sql.ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            ctx.status(404);
                            return;
                        }
                        Map<String, Object> record = new LinkedHashMap<>();
                        record.put("id", row.getLong(1));
                        record.put("trajectory_id", row.getString(2));
                        record.put("created_at", row.getObject(3, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC).toString());
                        record.put("used", row.getInt(4));
                        record.put("model_version", row.getInt(5));
                        record.put("run_id", row.getString(6));
                        record.put("task_id", row.getString(7));
                        record.put("reward", row.getObject(8));
                        record.put("attributes", row.getString(9));
                        ctx.contentType("application/json").result(json.writeValueAsBytes(record));
                    }
                }
            });
        });
        Runtime.getRuntime().addShutdownHook(new Thread(pool::close));
        return bare.start("127.0.0.1", 0);
    }

    /** Each target's HTTP figures, each right after the bare endpoint's with the same connections (a pair). */
    void run(String target, DatasetManager manager, String bareUrl) throws Exception {
        try (DatasetHttpServer server = new DatasetHttpServer(manager, new StoreStatus(target, () -> true), "harness",
                new DatasetHttpServer.Settings("127.0.0.1", 0, Optional.empty())).start()) {
            String base = "http://127.0.0.1:" + server.port();
            String run = "http_" + target + "_" + UUID.randomUUID().toString().substring(0, 6);
            manager.createDatasets(Harness.commands(run, requests, run));
            for (int connections : new int[]{1, 8}) {
                int c = connections;
                String name = "HTTP lookup, " + target + ", " + connections + (connections == 1 ? " connection" : " connections");
                report.paired(name, "bare Javalin", target.equals("memory") && connections == 8 ? 0.6 : null, false, 3,
                        t -> httpRate(c, i -> get(base + "/v1/trajectories/" + run + "_" + (i % requests))),
                        t -> httpRate(c, i -> get(bareUrl + "/constant")));
                if (target.equals("mariadb")) {
                    report.paired(name + " (vs JDBC)", Harness.SAME_WORK_HTTP, 0.8, false, 3,
                            t -> httpRate(c, i -> get(base + "/v1/trajectories/" + run + "_" + (i % requests))),
                            t -> httpRate(c, i -> get(bareUrl + "/jdbc/" + run + "_" + (i % requests))));
                }
                String createRun = run + "_c" + connections;
                double creates = httpRate(connections, i -> post(base + "/v1/datasets",
                        "{\"trajectory_id\":\"" + createRun + "_" + i + "_" + Thread.currentThread().getId() + "\",\"run_id\":\"" + createRun + "\"}"));
                report.figure("HTTP create one by one, " + target + ", " + connections + " connection(s)", Math.round(creates));
                System.out.printf(Locale.ROOT, "%-8s HTTP %d conn: create one by one %,.0f/s%n", target, connections, creates);
            }
        }
    }

    private interface Request {
        int send(int i) throws Exception;
    }

    private double httpRate(int connections, Request request) throws Exception {
        int total = requests;
        int perThread = total / connections;
        for (int i = 0; i < 200; i++) {
            request.send(i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            long start = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < connections; t++) {
                int offset = t * perThread;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int status = request.send(offset + i);
                        if (status >= 400) {
                            throw new IllegalStateException("HTTP " + status);
                        }
                    }
                    return perThread;
                }));
            }
            int sent = 0;
            for (Future<Integer> future : done) {
                sent += future.get();
            }
            return sent / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static int get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
