package dev.trajectorydatasets.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trajectorydatasets.adapter.http.DatasetHttpServer;
import dev.trajectorydatasets.adapter.http.StoreStatus;
import dev.trajectorydatasets.adapter.mysql.DatasetStores;
import dev.trajectorydatasets.adapter.mysql.MariaDbServer;
import dev.trajectorydatasets.adapter.mysql.MyBatisDatasetStore;
import dev.trajectorydatasets.adapter.mysql.MySqlSettings;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adversarial probe's load patterns, through the real HTTP server over MariaDB with the production pool (10
 * connections, 2 s pool timeout): huge random claims at once, and batches that lock the same rows in opposite
 * orders. Every answer is a 2xx or the documented 4xx; never a 5xx; the database stays up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentLoadOnMariaDbTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MariaDbServer database;
    private String schema;
    private MyBatisDatasetStore store;
    private DatasetManager manager;
    private DatasetHttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(100);
    /**
     * A new client for each test: a connection pooled during one test may sit idle through the next test's setup
     * until the server closes it, and a POST the client then sends on it fails ("header parser received no
     * bytes") without ever reaching the server.
     */
    private HttpClient http;

    @BeforeEach
    void newClient() {
        http = HttpClient.newBuilder().executor(threads).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @BeforeAll
    void start() {
        database = MariaDbServer.required();
        schema = database.createSchema();
        MySqlSettings test = database.settings(schema);
        MySqlSettings production = new MySqlSettings(test.host(), test.port(), test.database(), test.user(), test.password(),
                test.charset(), test.connectTimeout(), test.readTimeout(), test.writeTimeout(),
                MySqlSettings.localDefaults().poolSize(), MySqlSettings.localDefaults().poolTimeout(), test.jdbcUrl());
        store = DatasetStores.mysql(production);
        store.migrate();
        manager = DatasetManager.over(store);
        // The production pool and admission, but a patient queue: the last of 100 claims of 10,000 waits about
        // 20 s for its turn here, close to the default 30 s on a slow day; what is tested is that nothing fails.
        server = new DatasetHttpServer(manager, new StoreStatus(store.description(), store::isAvailable), "test",
                new DatasetHttpServer.Settings("127.0.0.1", 0, Optional.empty(), production.poolSize() - 1, 120_000)).start();
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
            database.drop(schema);
        }
    }

    @Test
    void a_hundred_concurrent_random_claims_of_ten_thousand_over_fifty_thousand_rows_get_no_5xx() {
        String run = "huge_random";
        createRun(run, 50_000);

        List<Reply> replies = together(100, i -> call("POST", "/v1/claims",
                "{\"count\":10000,\"run_id\":\"" + run + "\",\"order\":\"random\"}"));

        assertEquals(Map.of(200, 100), statuses(replies), () -> firstOtherThan(200, replies));
        long taken = replies.stream().mapToLong(reply -> reply.json().get("items").size()).sum();
        assertEquals(taken, manager.getUsageStats(run).averageUsed() * 50_000, 0.5, "every use returned is counted, once");
        assertTrue(store.isAvailable(), "the database is still up");
    }

    @Test
    void uses_of_the_same_records_in_opposite_orders_all_succeed_and_count_exactly() {
        List<String> ids = createRun("opposite_uses", 200);
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);

        List<Reply> replies = together(40, i -> call("POST", "/v1/datasets/use",
                "{\"trajectory_ids\":" + jsonList(i % 2 == 0 ? ids : reversed) + "}"));

        assertEquals(Map.of(200, 40), statuses(replies), () -> firstOtherThan(200, replies));
        assertEquals(40.0, manager.getUsageStats("opposite_uses").minUsed(), 0.0);
        assertEquals(40.0, manager.getUsageStats("opposite_uses").maxUsed(), 0.0);
    }

    @Test
    void batch_updates_of_the_same_records_in_opposite_orders_all_succeed() {
        List<String> ids = createRun("opposite_updates", 200);
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);

        List<Reply> replies = together(40, i -> call("PATCH", "/v1/datasets/batch", "{\"items\":[" + (i % 2 == 0 ? ids : reversed)
                .stream().map(id -> "{\"trajectory_id\":\"" + id + "\",\"used\":" + i + "}").collect(Collectors.joining(",")) + "]}"));

        assertEquals(Map.of(200, 40), statuses(replies), () -> firstOtherThan(200, replies));
        assertEquals(manager.getUsageStats("opposite_updates").minUsed(), manager.getUsageStats("opposite_updates").maxUsed(),
                "each batch applied whole: all records hold the last batch's value");
    }

    @Test
    void batch_creates_of_the_same_ids_in_opposite_orders_are_one_201_and_the_rest_409() {
        List<String> ids = IntStream.range(0, 100).mapToObj(i -> "contested_create_" + i).toList();
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);

        List<Reply> replies = together(16, i -> call("POST", "/v1/datasets/batch", "{\"items\":[" + (i % 2 == 0 ? ids : reversed)
                .stream().map(id -> "{\"trajectory_id\":\"" + id + "\",\"run_id\":\"contested_create\"}").collect(Collectors.joining(",")) + "]}"));

        assertEquals(Map.of(201, 1, 409, 15), statuses(replies), () -> firstOtherThan(409, replies));
        assertEquals(100, manager.countDatasets(TrajectoryFilter.ofRun("contested_create")));
    }

    @Test
    void random_claims_mixed_with_batches_of_uses_get_no_5xx_and_never_pass_the_cap() {
        List<String> ids = createRun("claims_and_uses", 500);

        List<Reply> replies = together(80, i -> i % 2 == 0
                ? call("POST", "/v1/claims", "{\"count\":50,\"run_id\":\"claims_and_uses\",\"order\":\"random\",\"max_used\":30}")
                : call("POST", "/v1/datasets/use", "{\"max_used\":30,\"trajectory_ids\":" + jsonList(ids.subList((i * 7) % 450, (i * 7) % 450 + 50)) + "}"));

        assertEquals(Map.of(200, 80), statuses(replies), () -> firstOtherThan(200, replies));
        assertTrue(manager.getUsageStats("claims_and_uses").maxUsed() <= 30);
    }

    // ---- helpers ----

    private record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(body, e);
            }
        }
    }

    private List<String> createRun(String run, int size) {
        List<String> ids = new ArrayList<>(size);
        for (int from = 0; from < size; from += 10_000) {
            List<CreateDatasetCommand> batch = IntStream.range(from, Math.min(size, from + 10_000))
                    .mapToObj(i -> CreateDatasetCommand.of(run + "_" + i).inRun(run)).toList();
            manager.createDatasets(batch);
            batch.forEach(command -> ids.add(command.trajectoryId().value()));
        }
        return ids;
    }

    private CompletableFuture<Reply> call(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> new Reply(r.statusCode(), r.body()));
    }

    private interface Call {
        CompletableFuture<Reply> start(int index);
    }

    private static List<Reply> together(int count, Call call) {
        List<CompletableFuture<Reply>> calls = IntStream.range(0, count).mapToObj(call::start).toList();
        return calls.stream().map(future -> {
            try {
                return future.get(180, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static Map<Integer, Integer> statuses(List<Reply> replies) {
        Map<Integer, Integer> counts = new TreeMap<>();
        replies.forEach(reply -> counts.merge(reply.status(), 1, Integer::sum));
        return counts;
    }

    private static String firstOtherThan(int status, List<Reply> replies) {
        return replies.stream().filter(reply -> reply.status() != status && reply.status() >= 500).map(Reply::body)
                .findFirst().orElse("statuses: " + statuses(replies));
    }

    private static String jsonList(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
