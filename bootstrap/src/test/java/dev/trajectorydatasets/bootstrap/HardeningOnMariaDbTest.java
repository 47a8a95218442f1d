package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.mysql.MariaDbServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The second adversarial probe's MariaDB findings (issue 30) against a real server process with a small heap
 * ({@code -Xmx256m}): large keyed answers, and the task overview of a task with many members carrying attributes.
 */
class HardeningOnMariaDbTest {

    private static String rows(String run, String task, int from, int count, int attributeChars) {
        String attributes = "{\"trace\":\"" + "x".repeat(attributeChars) + "\"}";
        return IntStream.range(from, from + count).mapToObj(i -> "{\"trajectory_id\":\"" + run + "-" + i + "\",\"run_id\":\"" + run
                + "\",\"task_id\":\"" + task + "\",\"reward\":" + (i % 2) + ",\"attributes\":" + attributes + "}")
                .collect(Collectors.joining(",", "{\"items\":[", "]}"));
    }

    @Test
    void keyed_answers_past_16_mib_are_stored_and_replayed_and_a_big_tasks_overview_stays_within_a_small_heap() throws Exception {
        MariaDbServer database = MariaDbServer.required();
        String schema = database.createSchema();
        Map<String, String> env = new HashMap<>(database.environmentFor(schema));
        env.put("JAVA_TOOL_OPTIONS", "-Xmx256m");
        try (ServerProcess server = ServerProcess.start(env)) {
            // Probe: a keyed batch create of 10,000 rows with 1.5 KB attributes (15.2 MiB) answered 500 on every retry.
            String batch = rows("keyed", "k", 0, 10_000, 1_500);
            ServerProcess.Reply created = server.postWithKey("/v1/datasets/batch", "create-10k", batch);
            assertEquals(201, created.status(), created.body().substring(0, Math.min(300, created.body().length())));
            ServerProcess.Reply again = server.postWithKey("/v1/datasets/batch", "create-10k", batch);
            assertEquals(201, again.status());
            assertTrue(created.body().length() > 16 * 1024 * 1024, "the answer is past 16 MiB: " + created.body().length());
            assertEquals(created.body(), again.body(), "the retry gets the stored answer");

            // Probe: a keyed claim whose answer was 17 MB (2,100 rows of 7.9 KB attributes) answered 500 for good.
            for (int from = 0; from < 24_000; from += 2_000) {
                assertEquals(201, server.post("/v1/datasets/batch", rows("big", "t", from, 2_000, 6_000)).status());
            }
            String claim = "{\"count\":3000,\"run_id\":\"big\",\"order\":\"oldest\",\"lease_seconds\":600}";
            ServerProcess.Reply claimed = server.postWithKey("/v1/claims", "claim-3000", claim);
            assertEquals(200, claimed.status(), claimed.body().substring(0, Math.min(300, claimed.body().length())));
            assertTrue(claimed.body().length() > 16 * 1024 * 1024, "the answer is past 16 MiB: " + claimed.body().length());
            assertEquals(claimed.body(), server.postWithKey("/v1/claims", "claim-3000", claim).body());

            // Probe: ?limit=1 on a 50,000-member task read every member (293 MB of heap); 3 at once ran out of memory.
            List<CompletableFuture<ServerProcess.Reply>> overviews = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                overviews.add(CompletableFuture.supplyAsync(() -> server.get("/v1/runs/big/tasks?limit=1&group_size=8&mixed_rewards=true")));
            }
            for (CompletableFuture<ServerProcess.Reply> overview : overviews) {
                ServerProcess.Reply reply = overview.get();
                assertEquals(200, reply.status(), reply.body());
                assertEquals(24_000 - 3_000, reply.json().get("items").get(0).get("eligible_members").asLong(), reply.body());
            }
        } finally {
            database.drop(schema);
        }
    }
}
