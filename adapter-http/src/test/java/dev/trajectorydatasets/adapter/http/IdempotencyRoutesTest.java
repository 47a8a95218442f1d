package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotency keys, skip-existing creates and the usage history over HTTP, on a real server over the in-memory store. */
class IdempotencyRoutesTest {

    private final RunningServer running = RunningServer.inMemory();
    private final ApiClient api = running.api;

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void a_retry_with_the_same_key_gets_the_same_answer_marked_replayed_and_changes_nothing() {
        api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"a\",\"run_id\":\"r\"},{\"trajectory_id\":\"b\",\"run_id\":\"r\"}]}");

        ApiClient.Response first = api.postWithKey("/v1/trajectories/a/use", "use-a-1", "{\"consumer\":\"trainer-1\"}");
        ApiClient.Response again = api.postWithKey("/v1/trajectories/a/use", "use-a-1", "{\"consumer\":\"trainer-1\"}");

        assertEquals(200, again.status());
        assertEquals(first.body(), again.body());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(null, first.header("Idempotent-Replayed"));
        assertEquals(1, api.get("/v1/trajectories/a").json().get("used").asInt());

        ApiClient.Response claim = api.postWithKey("/v1/claims", "claim-1", "{\"count\":2,\"run_id\":\"r\",\"max_used\":5}");
        ApiClient.Response claimAgain = api.postWithKey("/v1/claims", "claim-1", "{\"count\":2,\"run_id\":\"r\",\"max_used\":5}");
        assertEquals(claim.body(), claimAgain.body());
        assertEquals(3, api.get("/v1/datasets/stats?run_id=r").json().get("avg_usage_time").asDouble() * 2, 1e-9);

        ApiClient.Response created = api.postWithKey("/v1/datasets", "create-c", "{\"trajectory_id\":\"c\"}");
        ApiClient.Response createdAgain = api.postWithKey("/v1/datasets", "create-c", "{\"trajectory_id\":\"c\"}");
        assertEquals(201, createdAgain.status(), "the stored 201, not a 409");
        assertEquals(created.body(), createdAgain.body());
        assertEquals(created.header("Location"), createdAgain.header("Location"));
    }

    @Test
    void the_same_key_with_another_request_is_422_and_changes_nothing() {
        api.post("/v1/datasets", "{\"trajectory_id\":\"a\"}");
        api.postWithKey("/v1/trajectories/a/use", "k", "{}");

        ApiClient.Response reused = api.postWithKey("/v1/trajectories/a/use", "k", "{\"by\":2}");
        ApiClient.Response otherPath = api.postWithKey("/v1/datasets/use", "k", "{\"trajectory_ids\":[\"a\"]}");

        assertEquals(422, reused.status());
        assertEquals("idempotency_key_reused", reused.json().get("code").asText());
        assertEquals("idempotency_key", reused.json().get("field").asText());
        assertEquals(422, otherPath.status());
        assertEquals(1, api.get("/v1/trajectories/a").json().get("used").asInt());
    }

    @Test
    void a_failed_request_stores_nothing_so_its_retry_runs() {
        ApiClient.Response missing = api.postWithKey("/v1/trajectories/late/use", "k-late", "{}");
        api.post("/v1/datasets", "{\"trajectory_id\":\"late\"}");
        ApiClient.Response retried = api.postWithKey("/v1/trajectories/late/use", "k-late", "{}");

        assertEquals(404, missing.status());
        assertEquals(200, retried.status());
        assertEquals(null, retried.header("Idempotent-Replayed"));
    }

    @Test
    void bad_keys_are_400s_naming_the_header() {
        api.post("/v1/datasets", "{\"trajectory_id\":\"a\"}");
        for (String key : List.of("has space", "x".repeat(256), "")) {
            ApiClient.Response response = api.send("POST", "/v1/trajectories/a/use", java.net.http.HttpRequest.BodyPublishers.ofString("{}"),
                    "application/json", java.util.Map.of("Idempotency-Key", key));
            assertEquals(400, response.status(), key);
            assertEquals("idempotency_key", response.json().get("field").asText());
        }
        assertEquals(0, api.get("/v1/trajectories/a").json().get("used").asInt());
    }

    @Test
    void concurrent_requests_with_one_key_take_effect_once_and_all_get_the_same_answer() throws Exception {
        api.post("/v1/datasets", "{\"trajectory_id\":\"a\"}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ApiClient.Response>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(pool.submit(() -> api.postWithKey("/v1/trajectories/a/use", "together", "{}")));
            }
            Set<String> bodies = new java.util.HashSet<>();
            int replayed = 0;
            for (Future<ApiClient.Response> reply : replies) {
                ApiClient.Response response = reply.get(30, TimeUnit.SECONDS);
                assertEquals(200, response.status());
                bodies.add(response.body());
                replayed += "true".equals(response.header("Idempotent-Replayed")) ? 1 : 0;
            }
            assertEquals(1, bodies.size());
            assertEquals(7, replayed);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, api.get("/v1/trajectories/a").json().get("used").asInt());
    }

    @Test
    void batch_and_single_creates_may_skip_what_exists() {
        api.post("/v1/datasets", "{\"trajectory_id\":\"old\",\"used\":3}");

        JsonNode batch = api.post("/v1/datasets/batch", "{\"on_conflict\":\"skip\",\"items\":[{\"trajectory_id\":\"old\"},"
                + "{\"trajectory_id\":\"new\"},{\"trajectory_id\":\"new\",\"used\":5}]}").json();
        ApiClient.Response single = api.post("/v1/datasets", "{\"trajectory_id\":\"old\",\"on_conflict\":\"skip\"}");

        assertEquals(1, batch.get("created").asInt());
        assertEquals("new", batch.get("items").get(0).get("trajectory_id").asText());
        assertEquals(List.of("old", "new"), List.of(batch.get("skipped").get(0).asText(), batch.get("skipped").get(1).asText()));
        assertEquals(200, single.status());
        assertEquals(3, single.json().get("used").asInt(), "left as it was");
        assertEquals(409, api.post("/v1/datasets", "{\"trajectory_id\":\"old\",\"on_conflict\":\"error\"}").status());
        assertEquals("on_conflict", api.post("/v1/datasets", "{\"trajectory_id\":\"x\",\"on_conflict\":\"merge\"}").json().get("field").asText());
        assertEquals("items[0].on_conflict", api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"y\",\"on_conflict\":\"skip\"}]}")
                .json().get("field").asText());
    }

    @Test
    void the_history_lists_every_change_with_its_kind_consumer_and_key() {
        api.post("/v1/datasets", "{\"trajectory_id\":\"a\",\"run_id\":\"r\",\"used\":2}");
        api.postWithKey("/v1/trajectories/a/use", "step-1", "{\"consumer\":\"trainer-1\"}");
        api.post("/v1/claims", "{\"count\":1,\"run_id\":\"r\",\"max_used\":9,\"consumer\":\"trainer-2\"}");
        api.patch("/v1/trajectories/a", "{\"used\":1}");

        JsonNode history = api.get("/v1/trajectories/a/history").json();
        JsonNode items = history.get("items");

        assertEquals(4, items.size());
        assertEquals(List.of("create", "use", "claim", "set"), List.of(items.get(0).get("kind").asText(), items.get(1).get("kind").asText(),
                items.get(2).get("kind").asText(), items.get(3).get("kind").asText()));
        assertEquals(-3, items.get(3).get("change").asInt());
        assertEquals("step-1", items.get(1).get("idempotency_key").asText());
        assertEquals("trainer-1", items.get(1).get("consumer").asText());
        assertEquals("trainer-2", items.get(2).get("consumer").asText());
        assertTrue(history.get("next_after_event_id").isNull());
        JsonNode page = api.get("/v1/usage-events?run_id=r&limit=2").json();
        assertEquals(2, page.get("items").size());
        JsonNode rest = api.get("/v1/usage-events?run_id=r&after_event_id=" + page.get("next_after_event_id").asLong()).json();
        assertEquals(2, rest.get("items").size());
        assertFalse(api.get("/v1/usage-events?from=2999-01-01T00:00:00Z").json().get("items").elements().hasNext());
        assertEquals("consumer", api.post("/v1/claims", "{\"count\":1,\"consumer\":\" x\"}").json().get("field").asText());
    }
}
