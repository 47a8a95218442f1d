package dev.trajectorydatasets.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trajectorydatasets.adapter.mysql.MariaDbServer;
import dev.trajectorydatasets.adapter.mysql.ScratchMariaDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real main, started as an operator starts it, on each store. */
class ServerEndToEndTest {

    @TempDir
    Path dataDir;

    /** The guide's life cycle over HTTP: register, read, train (use), update, summarise, clean up. */
    private static void exerciseTheApi(ServerProcess server, String run) {
        assertEquals(201, server.post("/v1/datasets", "{\"trajectory_id\":\"" + run + "_t0\",\"run_id\":\"" + run + "\"}").status());
        assertEquals(201, server.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"" + run + "_t1\",\"run_id\":\"" + run
                + "\"},{\"trajectory_id\":\"" + run + "_t2\",\"run_id\":\"" + run + "\",\"used\":4}]}").status());
        assertEquals(409, server.post("/v1/datasets", "{\"trajectory_id\":\"" + run + "_t1\"}").status());
        assertEquals(1, server.post("/v1/trajectories/" + run + "_t1/use", "").json().get("used").asInt());
        assertEquals(409, server.post("/v1/trajectories/" + run + "_t2/use", "{\"max_used\":4}").status());
        assertEquals(7, server.send("PATCH", "/v1/trajectories/" + run + "_t0", "{\"used\":7,\"model_version\":2}").json().get("used").asInt());
        JsonNode page = server.get("/v1/datasets?run_id=" + run + "&usage_time_max=4").json();
        assertEquals(2, page.get("items").size());
        JsonNode stats = server.get("/v1/datasets/stats?run_id=" + run).json();
        assertEquals(3, stats.get("total_count").asInt());
        assertEquals(4.0, stats.get("avg_usage_time").asDouble(), 1e-9);
        assertEquals(400, server.get("/v1/datasets?usage_time_maxx=1").status());
        assertEquals(3, server.send("DELETE", "/v1/datasets?run_id=" + run, null).json().get("deleted").asInt());
    }

    @Test
    void on_the_embedded_store_data_survives_a_restart_and_sigterm_exits_cleanly() throws Exception {
        Map<String, String> env = Map.of("DATASETS_DATA_DIR", dataDir.toString());
        try (ServerProcess server = ServerProcess.start(env)) {
            assertEquals("up", server.get("/health").json().get("status").asText());
            exerciseTheApi(server, "e2e");
            assertEquals(201, server.post("/v1/datasets", "{\"trajectory_id\":\"survivor\",\"used\":3}").status());
            assertEquals(0, server.terminate(), server.output());
            assertTrue(server.output().contains("stopped"), server.output());
        }
        try (ServerProcess again = ServerProcess.start(env)) {
            assertEquals(3, again.get("/v1/trajectories/survivor").json().get("used").asInt());
        }
    }

    @Test
    void on_the_mariadb_server_every_operation_works() throws Exception {
        MariaDbServer database = MariaDbServer.required();
        String schema = database.createSchema();
        try (ServerProcess server = ServerProcess.start(database.environmentFor(schema))) {
            JsonNode health = server.get("/health").json();
            assertEquals("up", health.get("status").asText());
            assertEquals(Set.of("status"), fieldNames(health), "without a token, health names no host, database or version");
            exerciseTheApi(server, "maria");
            String metrics = server.get("/metrics").body();
            // The pool's series that docs/grafana/trajectory-datasets.json queries, and the data metrics the server wires.
            for (String series : List.of("hikaricp_connections_active{", "hikaricp_connections_pending{", "datasets_uses_total",
                    "datasets_records_registered_total")) {
                assertTrue(metrics.contains(series), series);
            }
            assertEquals(0, server.terminate());
        } finally {
            database.drop(schema);
        }
    }

    @Test
    void two_servers_over_one_mariadb_never_lose_or_exceed_a_use_under_concurrent_claims() throws Exception {
        MariaDbServer database = MariaDbServer.required();
        String schema = database.createSchema();
        try (ServerProcess first = ServerProcess.start(database.environmentFor(schema));
             ServerProcess second = ServerProcess.start(database.environmentFor(schema))) {
            String items = IntStream.range(0, 50).mapToObj(i -> "{\"trajectory_id\":\"shared_" + i + "\",\"run_id\":\"shared\"}")
                    .collect(Collectors.joining(",", "{\"items\":[", "]}"));
            assertEquals(201, first.post("/v1/datasets/batch", items).status());
            ExecutorService claimers = Executors.newFixedThreadPool(8);
            List<Future<Integer>> taken = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ServerProcess server = i % 2 == 0 ? first : second;
                String order = i % 4 < 2 ? "least_used" : "random";
                taken.add(claimers.submit(() -> {
                    int uses = 0;
                    while (true) {
                        ServerProcess.Reply reply = server.post("/v1/claims",
                                "{\"count\":4,\"run_id\":\"shared\",\"max_used\":3,\"order\":\"" + order + "\"}");
                        assertEquals(200, reply.status(), reply.body());
                        int claimed = reply.json().get("items").size();
                        if (claimed == 0) {
                            return uses;
                        }
                        uses += claimed;
                    }
                }));
            }
            int total = 0;
            for (Future<Integer> claimer : taken) {
                total += claimer.get(120, TimeUnit.SECONDS);
            }
            claimers.shutdown();

            assertEquals(150, total);
            JsonNode all = second.get("/v1/datasets?run_id=shared&limit=100").json().get("items");
            assertEquals(50, all.size());
            all.forEach(record -> assertEquals(3, record.get("used").asInt(), record.toString()));
            assertEquals(0, first.post("/v1/claims", "{\"count\":50,\"run_id\":\"shared\",\"max_used\":3}").json().get("items").size());
        } finally {
            database.drop(schema);
        }
    }

    @Test
    void two_servers_over_one_mariadb_assign_consecutive_checkpoints_and_never_share_a_group_member() throws Exception {
        MariaDbServer database = MariaDbServer.required();
        String schema = database.createSchema();
        try (ServerProcess first = ServerProcess.start(database.environmentFor(schema));
             ServerProcess second = ServerProcess.start(database.environmentFor(schema))) {
            ExecutorService workers = Executors.newFixedThreadPool(16);
            List<Future<Integer>> versions = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ServerProcess server = i % 2 == 0 ? first : second;
                versions.add(workers.submit(() -> {
                    ServerProcess.Reply reply = server.post("/v1/runs/grouped/checkpoints", "{\"path\":\"/ckpt\"}");
                    assertEquals(201, reply.status(), reply.body());
                    return reply.json().get("version").asInt();
                }));
            }
            List<Integer> assigned = new ArrayList<>();
            for (Future<Integer> version : versions) {
                assigned.add(version.get(120, TimeUnit.SECONDS));
            }
            assertEquals(IntStream.rangeClosed(1, 16).boxed().toList(), assigned.stream().sorted().toList());

            String items = IntStream.range(0, 160).mapToObj(i -> "{\"trajectory_id\":\"g_" + i + "\",\"run_id\":\"grouped\",\"task_id\":\"task_"
                    + i / 4 + "\",\"reward\":" + (i % 2) + ",\"model_version\":" + (15 + i % 2) + "}").collect(Collectors.joining(",", "{\"items\":[", "]}"));
            assertEquals(201, first.post("/v1/datasets/batch", items).status());
            String claim = "{\"run_id\":\"grouped\",\"group_size\":2,\"max_groups\":3,\"max_used\":2,\"latest_checkpoints\":2,"
                    + "\"mixed_rewards\":true,\"order\":\"random\"}";
            List<Future<Map<String, Integer>>> taken = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ServerProcess server = i % 2 == 0 ? first : second;
                taken.add(workers.submit(() -> {
                    Map<String, Integer> mine = new HashMap<>();
                    for (int step = 0; step < 40; step++) {
                        ServerProcess.Reply reply = server.post("/v1/group-claims", claim);
                        assertEquals(200, reply.status(), reply.body());
                        reply.json().get("groups").forEach(group -> group.get("items").forEach(
                                item -> mine.merge(item.get("trajectory_id").asText(), 1, Integer::sum)));
                    }
                    return mine;
                }));
            }
            Map<String, Integer> uses = new HashMap<>();
            for (Future<Map<String, Integer>> worker : taken) {
                worker.get(120, TimeUnit.SECONDS).forEach((id, times) -> uses.merge(id, times, Integer::sum));
            }
            workers.shutdown();

            JsonNode all = second.get("/v1/datasets?run_id=grouped&limit=1000").json().get("items");
            assertEquals(160, all.size());
            int total = 0;
            for (JsonNode record : all) {
                int used = record.get("used").asInt();
                assertEquals((int) uses.getOrDefault(record.get("trajectory_id").asText(), 0), used, "every use returned, counted once");
                assertTrue(used <= 2, "never past max_used");
                total += used;
            }
            assertTrue(total >= 160, "8 claimers x 40 steps took most of the 320 uses, took " + total);
        } finally {
            database.drop(schema);
        }
    }

    @Test
    void through_a_database_crash_requests_answer_503_fast_and_serving_resumes_without_a_restart() throws Exception {
        try (ScratchMariaDb database = ScratchMariaDb.start(); ServerProcess server = ServerProcess.start(database.environment())) {
            assertEquals(201, server.post("/v1/datasets", "{\"trajectory_id\":\"before\",\"run_id\":\"r\"}").status());
            assertEquals(200, server.post("/v1/trajectories/before/use", "").status());

            database.kill();
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                ServerProcess.Reply reply = server.post("/v1/trajectories/before/use", "");
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(503, reply.status(), reply.body());
                assertTrue(millis < 2_000, "answered after " + millis + " ms");
            }
            assertEquals(503, server.get("/health").status());

            database.restart();
            assertTrue(eventually(() -> server.get("/health").status() == 200, 30_000), "not serving 30 s after the database came back");
            assertEquals(1, server.get("/v1/trajectories/before").json().get("used").asInt());
            assertEquals(201, server.post("/v1/datasets", "{\"trajectory_id\":\"after\"}").status());
        }
    }

    @Test
    void killed_under_mixed_load_the_database_loses_no_acknowledged_write_and_no_use() throws Exception {
        int clients = 8;
        Set<String> created = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> usesAcknowledged = new ConcurrentHashMap<>();
        List<Long> outageMillis = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Integer> outageStatuses = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        try (ScratchMariaDb database = ScratchMariaDb.start(); ServerProcess server = ServerProcess.start(database.environment())) {
            String seed = IntStream.range(0, 40).mapToObj(i -> "{\"trajectory_id\":\"pool_" + i + "\",\"run_id\":\"mixed\"}")
                    .collect(Collectors.joining(",", "{\"items\":[", "]}"));
            assertEquals(201, server.post("/v1/datasets/batch", seed).status());
            ExecutorService load = Executors.newFixedThreadPool(clients);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(load.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        long start = System.nanoTime();
                        ServerProcess.Reply reply;
                        switch (i % 4) {
                            case 0 -> {
                                String id = "mixed_" + client + "_" + i;
                                reply = server.post("/v1/datasets", "{\"trajectory_id\":\"" + id + "\",\"run_id\":\"mixed\"}");
                                if (reply.status() == 201) {
                                    created.add(id);
                                }
                            }
                            case 1 -> {
                                String id = "pool_" + ((client * 7 + i) % 40);
                                reply = server.post("/v1/trajectories/" + id + "/use", "");
                                if (reply.status() == 200) {
                                    usesAcknowledged.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                                }
                            }
                            case 2 -> {
                                reply = server.post("/v1/claims", "{\"count\":2,\"run_id\":\"mixed\"}");
                                if (reply.status() == 200) {
                                    reply.json().get("items").forEach(item -> usesAcknowledged
                                            .computeIfAbsent(item.get("trajectory_id").asText(), k -> new AtomicInteger()).incrementAndGet());
                                }
                            }
                            default -> reply = server.get("/v1/datasets?run_id=mixed&limit=10");
                        }
                        if (down.get()) {
                            outageMillis.add((System.nanoTime() - start) / 1_000_000);
                            outageStatuses.add(reply.status());
                        } else {
                            assertTrue(reply.status() < 500, reply.body());
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(1_500);
            down.set(true);
            database.kill();
            Thread.sleep(3_000);
            database.restart();
            long restarted = System.nanoTime();
            assertTrue(eventually(() -> server.get("/health").status() == 200, 30_000), "not serving 30 s after the database came back");
            long recoveryMillis = (System.nanoTime() - restarted) / 1_000_000;
            Thread.sleep(300);
            down.set(false);
            Thread.sleep(1_000);
            stop.set(true);
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
            load.shutdown();

            assertFalse(outageStatuses.isEmpty());
            assertTrue(outageStatuses.stream().allMatch(status -> status == 503 || status < 500), () -> "outage answers: " + outageStatuses
                    + "; the server logged: " + server.output().lines().filter(line -> line.contains("ERROR")).toList());
            assertTrue(outageMillis.stream().allMatch(millis -> millis < 2_000), "slowest outage answer: "
                    + outageMillis.stream().mapToLong(Long::longValue).max().orElse(0) + " ms");
            JsonNode stored = server.get("/v1/datasets?run_id=mixed&limit=10000").json().get("items");
            Map<String, Integer> used = new HashMap<>();
            stored.forEach(record -> used.put(record.get("trajectory_id").asText(), record.get("used").asInt()));
            created.forEach(id -> assertTrue(used.containsKey(id), "acknowledged create lost: " + id));
            int ambiguous = 0;
            for (Map.Entry<String, Integer> record : used.entrySet()) {
                int acknowledged = usesAcknowledged.getOrDefault(record.getKey(), new AtomicInteger()).get();
                assertTrue(record.getValue() >= acknowledged, record.getKey() + ": acknowledged " + acknowledged + ", recorded " + record.getValue());
                ambiguous += record.getValue() - acknowledged;
            }
            // A use whose commit reached the disk just as the database died cannot have been acknowledged: at most one per client.
            assertTrue(ambiguous <= clients, ambiguous + " uses recorded without an acknowledgement");
            String log = server.output();
            List<String> leaks = log.lines().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by")
                    || line.contains("INSERT INTO") || line.contains("SELECT ") || line.contains("UPDATE datasets")).limit(5).toList();
            assertEquals(List.of(), leaks, "stack traces, exceptions or SQL in the server log");
            System.out.printf("database crash: %d requests during the outage (statuses %s), slowest %d ms; serving %d ms after the restart; %d creates and %d uses acknowledged, %d recorded without acknowledgement%n",
                    outageStatuses.size(), new java.util.TreeSet<>(outageStatuses), outageMillis.stream().mapToLong(Long::longValue).max().orElse(0), recoveryMillis,
                    created.size(), usesAcknowledged.values().stream().mapToInt(AtomicInteger::get).sum(), ambiguous);
        }
    }

    @Test
    void a_stalled_database_gets_answers_within_the_timeouts_and_serving_resumes_when_it_does() throws Exception {
        try (ScratchMariaDb database = ScratchMariaDb.start(); ServerProcess server = ServerProcess.start(database.environment())) {
            assertEquals(201, server.post("/v1/datasets", "{\"trajectory_id\":\"t\"}").status());

            database.freeze();
            long start = System.nanoTime();
            ServerProcess.Reply stalled = server.post("/v1/trajectories/t/use", "");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, stalled.status(), stalled.body());
            // DATASETS_DB_READ_TIMEOUT=5 s bounds it; a little more for the pool to notice.
            assertTrue(millis < 7_000, "answered after " + millis + " ms");
            database.thaw();

            assertTrue(eventually(() -> server.get("/health").status() == 200, 30_000), "not serving 30 s after the database resumed");
            assertEquals(200, server.post("/v1/trajectories/t/use", "").status());
            System.out.printf("stalled database: answered %d after %d ms%n", stalled.status(), millis);
        }
    }

    @Test
    void started_while_the_database_is_down_the_server_migrates_and_serves_once_it_is_up() throws Exception {
        try (ScratchMariaDb database = ScratchMariaDb.start()) {
            database.kill();
            try (ServerProcess server = ServerProcess.start(database.environment())) {
                assertEquals(503, server.get("/health").status());
                assertEquals(503, server.post("/v1/datasets", "{\"trajectory_id\":\"t\"}").status());

                database.restart();
                assertTrue(eventually(() -> server.get("/health").status() == 200, 10_000), server.output());
                assertEquals(201, server.post("/v1/datasets", "{\"trajectory_id\":\"t\"}").status());
            }
        }
    }

    @Test
    void after_a_server_crash_on_the_embedded_store_every_acknowledged_write_is_there() throws Exception {
        Map<String, String> env = Map.of("DATASETS_DATA_DIR", dataDir.toString());
        crashUnderLoadAndCheck(env);
    }

    @Test
    void after_a_server_crash_on_mariadb_every_acknowledged_write_is_there() throws Exception {
        MariaDbServer database = MariaDbServer.required();
        String schema = database.createSchema();
        try {
            crashUnderLoadAndCheck(database.environmentFor(schema));
        } finally {
            database.drop(schema);
        }
    }

    /**
     * Four clients create and use trajectories until the server is killed; after a restart on the same store,
     * every create that got a 201 is there and every record has at least its acknowledged uses, and at most
     * those plus the uses still in flight when it died.
     */
    private static void crashUnderLoadAndCheck(Map<String, String> env) throws Exception {
        int clients = 4;
        Set<String> created = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> usesAcknowledged = new ConcurrentHashMap<>();
        AtomicBoolean crashing = new AtomicBoolean();
        List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerProcess server = ServerProcess.start(env)) {
            ExecutorService load = Executors.newFixedThreadPool(clients);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(load.submit(() -> {
                    for (int i = 0; ; i++) {
                        String id = "crash_" + client + "_" + i;
                        try {
                            ServerProcess.Reply create = server.post("/v1/datasets", "{\"trajectory_id\":\"" + id + "\",\"run_id\":\"crash\"}");
                            if (create.status() == 201) {
                                created.add(id);
                            } else if (!crashing.get()) {
                                unexpected.add("create " + id + ": " + create.status() + " " + create.body());
                            }
                            String target = "crash_" + client + "_" + (i / 2);
                            ServerProcess.Reply use = server.post("/v1/trajectories/" + target + "/use", "");
                            if (use.status() == 200) {
                                usesAcknowledged.computeIfAbsent(target, k -> new AtomicInteger()).incrementAndGet();
                            } else if (!crashing.get()) {
                                unexpected.add("use " + target + ": " + use.status() + " " + use.body());
                            }
                        } catch (RuntimeException connectionLost) {
                            // Only the crash may end a client: before it, a failure is the server's.
                            if (!crashing.get()) {
                                unexpected.add("client " + client + " failed before the crash: " + connectionLost);
                            }
                            return null;
                        }
                    }
                }));
            }
            Thread.sleep(2_000);
            crashing.set(true);
            server.crash();
            for (Future<?> client : running) {
                client.get(30, TimeUnit.SECONDS);
            }
            load.shutdown();
        }
        assertEquals(List.of(), unexpected, "every request before the crash was answered as it should be");
        assertTrue(created.size() > 20, "too little load before the crash: " + created.size());
        int acknowledgedUses = usesAcknowledged.values().stream().mapToInt(AtomicInteger::get).sum();
        assertTrue(acknowledgedUses > 20, "too few uses acknowledged before the crash: " + acknowledgedUses);
        try (ServerProcess again = ServerProcess.start(env)) {
            JsonNode stored = again.get("/v1/datasets?run_id=crash&limit=10000").json().get("items");
            Map<String, Integer> used = new HashMap<>();
            stored.forEach(record -> used.put(record.get("trajectory_id").asText(), record.get("used").asInt()));
            for (String id : created) {
                assertTrue(used.containsKey(id), "acknowledged create lost: " + id);
            }
            // Every stored record, not only those with acknowledged uses: at least what was acknowledged, at most
            // that plus one use in flight per client when the server died.
            used.forEach((id, recorded) -> {
                int acknowledged = usesAcknowledged.getOrDefault(id, new AtomicInteger()).get();
                assertTrue(recorded >= acknowledged && recorded <= acknowledged + clients,
                        id + ": " + acknowledged + " uses acknowledged, " + recorded + " recorded");
            });
        }
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void with_the_database_unreachable_the_server_starts_and_answers_503_quickly() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATASETS_JDBC_URL", "jdbc:mysql://127.0.0.1:1/test");
        env.put("DATASETS_DB_PASSWORD", "never-printed-secret");
        env.put("DATASETS_DB_POOL_TIMEOUT", "0.5");
        env.put("DATASETS_DB_CONNECT_TIMEOUT", "1");
        try (ServerProcess server = ServerProcess.start(env)) {
            assertEquals(503, server.get("/health").status());
            long start = System.nanoTime();
            ServerProcess.Reply create = server.post("/v1/datasets", "{\"trajectory_id\":\"t\"}");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, create.status(), create.body());
            assertEquals("store_unavailable", create.json().get("code").asText());
            assertTrue(millis < 2_000, "answered after " + millis + " ms");
            assertEquals(0, server.terminate());
            assertFalse(server.output().contains("never-printed-secret"), server.output());
        }
    }

    @Test
    void a_password_in_any_url_form_is_never_printed_or_served() throws Exception {
        MariaDbServer database = MariaDbServer.required();
        String schema = database.createSchema();
        Map<String, String> env = new HashMap<>(database.environmentFor(schema));
        String url = env.remove("DATASETS_JDBC_URL");
        String hostPort = url.replaceFirst("^jdbc:mysql://", "").replaceFirst("/.*$", "");
        String host = hostPort.substring(0, hostPort.indexOf(':'));
        String port = hostPort.substring(hostPort.indexOf(':') + 1);
        // The test server's root has no password, so the driver ignores the one in the URL; it must still never show.
        env.put("DATASETS_JDBC_URL", "jdbc:mysql://address=(host=" + host + ")(port=" + port + ")(user=root)(password=TopSecret123)/" + schema);
        env.put("DATASETS_API_TOKEN", "operator-token");
        try (ServerProcess server = ServerProcess.start(env)) {
            ServerProcess.Reply health = server.get("/health");
            assertFalse(health.body().contains("TopSecret123"), health.body());
            assertEquals(0, server.terminate());
            assertFalse(server.output().contains("TopSecret123"), server.output());
            assertTrue(server.output().contains("jdbc:mysql://" + host + ":" + port + "/" + schema), server.output());
        } finally {
            database.drop(schema);
        }
    }

    @Test
    void an_unsupported_url_scheme_is_one_line_naming_the_variable_and_no_secret() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Main(Map.of("DATASETS_JDBC_URL", "jdbc:mariadb://admin:TopSecret123@127.0.0.1/db"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run("migrate");

        String printed = err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, printed);
        assertTrue(printed.startsWith("error: DATASETS_JDBC_URL must start with jdbc:mysql://"), printed);
        assertEquals(1, printed.strip().lines().count(), printed);
        assertFalse(printed.contains("TopSecret123"), printed);
    }

    @Test
    void a_bad_setting_names_the_variable_or_the_flag_that_gave_it() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertEquals(1, new Main(Map.of("DATASETS_DB_HOST", "127.0.0.1", "DATASETS_DB_PORT", "70000"), out, errors).run("migrate"));
        assertEquals(1, new Main(Map.of(), out, errors).run("serve", "--port", "70000"));
        assertEquals(1, new Main(Map.of("DATASETS_STORE", "redis"), out, errors).run("migrate"));

        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("error: DATASETS_DB_PORT must be between 1 and 65535, was 70000"), printed);
        assertTrue(printed.contains("error: --port (DATASETS_PORT) must be between 0 and 65535, was 70000"), printed);
        assertTrue(printed.contains("error: DATASETS_STORE must be mysql, h2 or memory, was 'redis'"), printed);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void help_version_and_bad_arguments() {
        assertEquals(0, run("--help").status);
        assertTrue(run("--help").out.contains("Usage:"));
        assertTrue(run("--version").out.startsWith("trajectory-datasets "));
        Result bad = run("--bogus");
        assertEquals(2, bad.status);
        assertTrue(bad.err.contains("Unknown option: '--bogus'"), bad.err);
        assertEquals(2, run("serve", "--port").status);
    }

    @Test
    void migrate_creates_the_schema_and_exits() {
        Result migrated = run(Map.of("DATASETS_DATA_DIR", dataDir.toString()), "migrate");
        assertEquals(0, migrated.status, migrated.err);
        assertTrue(migrated.out.contains("schema is up to date"));
        assertTrue(dataDir.resolve("datasets.mv.db").toFile().exists());
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        return run(Map.of(), args);
    }

    private static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Main(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
