package dev.trajectorydatasets.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trajectorydatasets.adapter.mysql.MariaDbServer;
import dev.trajectorydatasets.adapter.mysql.ScratchMariaDb;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly once across crashes (issue 13): 8 clients create, use and claim with idempotency keys and retry every
 * failure with the same key until answered, while the database is killed (and restarted), or the server is killed
 * with SIGKILL (and another started on the same database). Half the clients count in the consumer group "eval", half
 * in the default group. Afterwards every trajectory's count in each group equals the uses its clients were
 * acknowledged there, exactly, and equals the sum of its usage history in that group; no acknowledged create is
 * lost. Two servers over one MariaDB given the same key at once take effect once.
 */
class ExactlyOnceTest {

    private static final int CLIENTS = 8;
    private static final int POOL = 40;

    @Test
    void killing_the_database_mid_load_loses_and_doubles_nothing_for_clients_that_retry_with_their_keys() throws Exception {
        try (ScratchMariaDb database = ScratchMariaDb.start(); ServerProcess server = ServerProcess.start(database.environment())) {
            AtomicReference<ServerProcess> target = new AtomicReference<>(server);
            Load load = new Load(target);
            load.seed();
            load.start();
            Thread.sleep(1_500);
            database.kill();
            Thread.sleep(2_000);
            database.restart();
            Thread.sleep(2_500);
            load.stopAndWait();
            load.check(server);
            System.out.printf("exactly once through a database crash: %d operations, %d retries, %d uses, %d creates acknowledged%n",
                    load.operations.get(), load.retries.get(), load.totalUses(), load.created.size());
            assertTrue(load.retries.get() > 0, "no request met the outage: the crash proved nothing");
        }
    }

    @Test
    void killing_the_server_mid_load_loses_and_doubles_nothing_for_clients_that_retry_with_their_keys() throws Exception {
        MariaDbServer database = MariaDbServer.required();
        String schema = database.createSchema();
        try (ServerProcess first = ServerProcess.start(database.environmentFor(schema))) {
            AtomicReference<ServerProcess> target = new AtomicReference<>(first);
            Load load = new Load(target);
            load.seed();
            load.start();
            Thread.sleep(2_000);
            first.crash();
            try (ServerProcess second = ServerProcess.start(database.environmentFor(schema))) {
                target.set(second);
                Thread.sleep(2_000);
                load.stopAndWait();
                load.check(second);
                System.out.printf("exactly once through a server crash: %d operations, %d retries, %d uses, %d creates acknowledged%n",
                        load.operations.get(), load.retries.get(), load.totalUses(), load.created.size());
                assertTrue(load.retries.get() > 0, "no request met the crash: it proved nothing");
            }
        } finally {
            database.drop(schema);
        }
    }

    @Test
    void two_servers_given_one_key_at_once_take_effect_once_and_answer_alike() throws Exception {
        MariaDbServer database = MariaDbServer.required();
        String schema = database.createSchema();
        try (ServerProcess first = ServerProcess.start(database.environmentFor(schema));
             ServerProcess second = ServerProcess.start(database.environmentFor(schema))) {
            assertEquals(201, first.post("/v1/datasets/batch", IntStream.range(0, 20)
                    .mapToObj(i -> "{\"trajectory_id\":\"twin_" + i + "\",\"run_id\":\"twins\"}")
                    .collect(Collectors.joining(",", "{\"items\":[", "]}"))).status());
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                for (int round = 0; round < 5; round++) {
                    String key = "twin-claim-" + round;
                    List<Future<ServerProcess.Reply>> replies = new ArrayList<>();
                    for (int i = 0; i < 16; i++) {
                        ServerProcess server = i % 2 == 0 ? first : second;
                        replies.add(pool.submit(() -> server.postWithKey("/v1/claims", key, "{\"count\":3,\"run_id\":\"twins\",\"max_used\":100}")));
                    }
                    Set<String> bodies = new java.util.HashSet<>();
                    for (Future<ServerProcess.Reply> reply : replies) {
                        ServerProcess.Reply answer = reply.get(60, TimeUnit.SECONDS);
                        assertEquals(200, answer.status(), answer.body());
                        bodies.add(answer.body());
                    }
                    assertEquals(1, bodies.size(), "every twin got the one answer");
                }
            } finally {
                pool.shutdownNow();
            }
            JsonNode stats = first.get("/v1/datasets/stats?run_id=twins").json();
            assertEquals(15, Math.round(stats.get("avg_usage_time").asDouble() * 20), "5 claims of 3, each once");
        } finally {
            database.drop(schema);
        }
    }

    /** The clients: each operation gets a key of its own and is retried with it until it has an answer. */
    private static final class Load {
        private final AtomicReference<ServerProcess> server;
        private final Set<String> created = ConcurrentHashMap.newKeySet();
        /** Uses acknowledged, by consumer group (half the clients count in "eval"), then by trajectory id. */
        private final Map<String, Map<String, AtomicInteger>> uses = new ConcurrentHashMap<>();
        private final AtomicInteger operations = new AtomicInteger();
        private final AtomicInteger retries = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        private final List<Future<?>> running = new ArrayList<>();

        Load(AtomicReference<ServerProcess> server) {
            this.server = server;
        }

        void seed() {
            String seed = IntStream.range(0, POOL).mapToObj(i -> "{\"trajectory_id\":\"pool_" + i + "\",\"run_id\":\"exact\"}")
                    .collect(Collectors.joining(",", "{\"items\":[", "]}"));
            assertEquals(201, server.get().post("/v1/datasets/batch", seed).status());
        }

        void start() {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                String group = client % 2 == 0 ? "default" : "eval";
                String inGroup = group.equals("default") ? "" : ",\"consumer_group\":\"" + group + "\"";
                Map<String, AtomicInteger> counted = uses.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
                running.add(threads.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String key = "client-" + client + "-op-" + i;
                        switch (i % 3) {
                            case 0 -> {
                                String id = "made_" + client + "_" + i;
                                ServerProcess.Reply reply = answered("/v1/datasets", key, "{\"trajectory_id\":\"" + id + "\",\"run_id\":\"exact\"}");
                                assertEquals(201, reply.status(), reply.body());
                                created.add(id);
                            }
                            case 1 -> {
                                String id = "pool_" + ((client * 7 + i) % POOL);
                                ServerProcess.Reply reply = answered("/v1/trajectories/" + id + "/use", key, "{\"consumer\":\"client-" + client + "\""
                                        + inGroup + "}");
                                assertEquals(200, reply.status(), reply.body());
                                counted.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            }
                            default -> {
                                ServerProcess.Reply reply = answered("/v1/claims", key, "{\"count\":2,\"run_id\":\"exact\",\"max_used\":1000000"
                                        + inGroup + "}");
                                assertEquals(200, reply.status(), reply.body());
                                reply.json().get("items").forEach(item ->
                                        counted.computeIfAbsent(item.get("trajectory_id").asText(), k -> new AtomicInteger()).incrementAndGet());
                            }
                        }
                        operations.incrementAndGet();
                    }
                    return null;
                }));
            }
        }

        /** Sends until the answer is not a 5xx, through connection failures, always with the same key and body. */
        private ServerProcess.Reply answered(String path, String key, String body) throws InterruptedException {
            for (int attempt = 0; ; attempt++) {
                if (attempt > 0) {
                    retries.incrementAndGet();
                    Thread.sleep(50);
                }
                try {
                    ServerProcess.Reply reply = server.get().postWithKey(path, key, body);
                    if (reply.status() < 500) {
                        return reply;
                    }
                } catch (UncheckedIOException | IllegalStateException connectionLost) {
                    // The server died or is restarting: send again.
                }
                assertTrue(attempt < 600, "no answer for " + key + " within 30 s");
            }
        }

        void stopAndWait() throws Exception {
            stop.set(true);
            for (Future<?> client : running) {
                client.get(90, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }

        int totalUses() {
            return uses.values().stream().flatMap(group -> group.values().stream()).mapToInt(AtomicInteger::get).sum();
        }

        void check(ServerProcess reader) {
            for (String group : List.of("default", "eval")) {
                JsonNode stored = reader.get("/v1/datasets?run_id=exact&limit=10000&consumer_group=" + group).json().get("items");
                Map<String, Integer> used = new HashMap<>();
                stored.forEach(record -> used.put(record.get("trajectory_id").asText(), record.get("used").asInt()));
                created.forEach(id -> assertTrue(used.containsKey(id), "acknowledged create lost: " + id));
                assertEquals(POOL + created.size(), used.size(), "no create happened twice or unacknowledged");
                Map<String, AtomicInteger> counted = uses.getOrDefault(group, Map.of());
                used.forEach((id, recorded) -> {
                    assertEquals(counted.getOrDefault(id, new AtomicInteger()).get(), recorded, group + ", " + id + ": uses acknowledged vs recorded");
                    int history = 0;
                    for (JsonNode event : reader.get("/v1/trajectories/" + id + "/history?limit=10000").json().get("items")) {
                        if (event.get("consumer_group").asText().equals(group)) {
                            history += event.get("change").asInt();
                        }
                    }
                    assertEquals(recorded, history, group + ", " + id + ": used vs the sum of its history in the group");
                });
            }
            assertTrue(operations.get() > 50, "too little load: " + operations.get());
        }
    }
}
