package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 35: the guide's successor module's terms. Rollout workers name the checkpoint that made a rollout by its path,
 * and a stored rollout is re-rolled: made again by another checkpoint, its uses back to 0, in one request.
 */
class CheckpointPathRoutesTest {

    private final RunningServer running = RunningServer.inMemory();
    private final ApiClient api = running.api;

    @AfterEach
    void stop() {
        running.close();
    }

    private void checkpoints(String run) {
        assertEquals(201, api.post("/v1/runs/" + java.net.URLEncoder.encode(run, java.nio.charset.StandardCharsets.UTF_8) + "/checkpoints", "{\"path\": \"/ckpt/base\", \"initial\": true}").status());
        assertEquals(201, api.post("/v1/runs/" + java.net.URLEncoder.encode(run, java.nio.charset.StandardCharsets.UTF_8) + "/checkpoints", "{\"path\": \"/ckpt/step-100\"}").status());
        assertEquals(201, api.post("/v1/runs/" + java.net.URLEncoder.encode(run, java.nio.charset.StandardCharsets.UTF_8) + "/checkpoints", "{\"path\": \"/ckpt/step-200\"}").status());
    }

    @Test
    void creates_named_by_checkpoint_path_store_its_version_and_an_unknown_path_is_named_with_nothing_stored() {
        checkpoints("results/grpo_run_a");
        JsonNode one = api.post("/v1/datasets", "{\"trajectory_id\": \"t-1\", \"run_id\": \"results/grpo_run_a\","
                + " \"checkpoint_path\": \"/ckpt/step-100\"}").json();
        assertEquals(1, one.get("model_version").asInt(), one.toString());
        ApiClient.Response batch = api.post("/v1/datasets/batch", "{\"items\": ["
                + "{\"trajectory_id\": \"t-2\", \"run_id\": \"results/grpo_run_a\", \"checkpoint_path\": \"/ckpt/base\"},"
                + "{\"trajectory_id\": \"t-3\", \"run_id\": \"results/grpo_run_a\", \"checkpoint_path\": \"/ckpt/step-200\"}]}");
        assertEquals(201, batch.status(), batch.body());
        assertEquals(List.of(0, 2), List.of(batch.json().get("items").get(0).get("model_version").asInt(),
                batch.json().get("items").get(1).get("model_version").asInt()));

        String run = java.net.URLEncoder.encode("results/grpo_run_a", java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("/ckpt/step-100", api.get("/v1/trajectories/t-1?include=checkpoint_path").json().get("checkpoint_path").asText());
        JsonNode listed = api.get("/v1/datasets?run_id=" + run + "&include=checkpoint_path").json().get("items");
        assertEquals(List.of("/ckpt/step-100", "/ckpt/base", "/ckpt/step-200"), List.of(listed.get(0).get("checkpoint_path").asText(),
                listed.get(1).get("checkpoint_path").asText(), listed.get(2).get("checkpoint_path").asText()));
        assertEquals("/ckpt/base", api.get("/v1/datasets/" + listed.get(1).get("id").asLong() + "?include=checkpoint_path").json()
                .get("checkpoint_path").asText());
        assertTrue(api.get("/v1/trajectories/t-1").json().get("checkpoint_path") == null, "only when asked for");
        ApiClient.Response badInclude = api.get("/v1/trajectories/t-1?include=everything");
        assertEquals(400, badInclude.status());
        assertTrue(badInclude.body().contains("\"field\":\"include\""), badInclude.body());

        ApiClient.Response unknown = api.post("/v1/datasets/batch", "{\"items\": ["
                + "{\"trajectory_id\": \"t-4\", \"run_id\": \"results/grpo_run_a\", \"checkpoint_path\": \"/ckpt/base\"},"
                + "{\"trajectory_id\": \"t-5\", \"run_id\": \"results/grpo_run_a\", \"checkpoint_path\": \"/ckpt/step-999\"}]}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("\"field\":\"items[1].checkpoint_path\"") && unknown.body().contains("/ckpt/step-999"), unknown.body());
        assertEquals(404, api.get("/v1/trajectories/t-4").status(), "nothing of a refused batch is stored");
        ApiClient.Response both = api.post("/v1/datasets", "{\"trajectory_id\": \"t-6\", \"run_id\": \"results/grpo_run_a\","
                + " \"model_version\": 1, \"checkpoint_path\": \"/ckpt/base\"}");
        assertEquals(400, both.status());
        assertTrue(both.body().contains("\"field\":\"checkpoint_path\""), both.body());
        ApiClient.Response noRun = api.post("/v1/datasets", "{\"trajectory_id\": \"t-7\", \"checkpoint_path\": \"/ckpt/base\"}");
        assertEquals(400, noRun.status());
        assertTrue(noRun.body().contains("needs the record's run_id"), noRun.body());
        ApiClient.Response otherRun = api.post("/v1/datasets", "{\"trajectory_id\": \"t-8\", \"run_id\": \"other\","
                + " \"checkpoint_path\": \"/ckpt/base\"}");
        assertEquals(400, otherRun.status(), "a path names a checkpoint of the record's own run");
    }

    @Test
    void a_reroll_replaces_the_model_version_resets_the_uses_and_shows_in_the_history() {
        checkpoints("r");
        assertEquals(201, api.post("/v1/datasets", "{\"trajectory_id\": \"t\", \"run_id\": \"r\", \"task_id\": \"k\", \"reward\": 1,"
                + " \"checkpoint_path\": \"/ckpt/step-100\"}").status());
        assertEquals(200, api.post("/v1/trajectories/t/use", "{\"consumer\": \"trainer-1\"}").status());
        assertEquals(200, api.post("/v1/trajectories/t/use", "{}").status());

        ApiClient.Response rerolled = api.post("/v1/trajectories/t/reroll", "{\"checkpoint_path\": \"/ckpt/step-200\", \"reward\": 0}");

        assertEquals(200, rerolled.status(), rerolled.body());
        assertEquals(List.of(2, 0, 0.0), List.of(rerolled.json().get("model_version").asInt(), rerolled.json().get("used").asInt(),
                rerolled.json().get("reward").asDouble()));
        List<String> history = new ArrayList<>();
        api.get("/v1/trajectories/t/history").json().get("items").forEach(e -> history.add(e.get("kind").asText() + " " + e.get("change").asInt()));
        assertEquals(List.of("use 1", "use 1", "reroll -2"), history);
        JsonNode claimed = api.post("/v1/claims", "{\"count\": 1, \"run_id\": \"r\", \"max_used\": 1}").json();
        assertEquals(1, claimed.get("items").size(), "a re-rolled rollout is fresh data again: " + claimed);

        assertEquals(200, api.post("/v1/trajectories/t/reroll", "{\"model_version\": 0}").status());
        ApiClient.Response noVersion = api.post("/v1/trajectories/t/reroll", "{\"reward\": 1}");
        assertEquals(400, noVersion.status());
        assertTrue(noVersion.body().contains("\"field\":\"model_version\""), noVersion.body());
        ApiClient.Response unknownPath = api.post("/v1/trajectories/t/reroll", "{\"checkpoint_path\": \"/nowhere\"}");
        assertEquals(400, unknownPath.status());
        assertTrue(unknownPath.body().contains("\"field\":\"checkpoint_path\""), unknownPath.body());
        assertEquals(400, api.post("/v1/trajectories/t/reroll", "{\"model_version\": 1, \"used\": 3}").status(), "used is not a re-roll's field");
        assertEquals(404, api.post("/v1/trajectories/missing/reroll", "{\"model_version\": 1}").status());
        assertEquals(0, api.get("/v1/trajectories/t").json().get("model_version").asInt(), "refusals changed nothing");
    }

    @Test
    void imported_lines_may_name_their_checkpoint_by_path_even_one_of_the_same_batch() {
        checkpoints("r");
        String lines = "{\"items\": ["
                + "{\"kind\": \"checkpoint\", \"run_id\": \"new\", \"version\": 0, \"path\": \"/n/0\", \"created_at\": \"2026-01-01T00:00:00Z\"},"
                + "{\"kind\": \"checkpoint\", \"run_id\": \"new\", \"version\": 4, \"path\": \"/n/4\", \"created_at\": \"2026-01-01T00:00:00Z\"},"
                + "{\"trajectory_id\": \"i-1\", \"run_id\": \"new\", \"checkpoint_path\": \"/n/4\", \"created_at\": \"2026-01-02T00:00:00Z\"},"
                + "{\"trajectory_id\": \"i-2\", \"run_id\": \"r\", \"checkpoint_path\": \"/ckpt/step-200\", \"created_at\": \"2026-01-02T00:00:00Z\"}]}";
        ApiClient.Response imported = api.post("/v1/datasets/import", lines);
        assertEquals(200, imported.status(), imported.body());
        assertEquals(List.of(4, 2), List.of(api.get("/v1/trajectories/i-1").json().get("model_version").asInt(),
                api.get("/v1/trajectories/i-2").json().get("model_version").asInt()));

        ApiClient.Response unknown = api.post("/v1/datasets/import", "{\"items\": [{\"trajectory_id\": \"i-3\", \"run_id\": \"r\","
                + " \"created_at\": \"2026-01-02T00:00:00Z\"}, {\"trajectory_id\": \"i-4\", \"run_id\": \"r\","
                + " \"checkpoint_path\": \"/nowhere\", \"created_at\": \"2026-01-02T00:00:00Z\"}]}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("\"field\":\"checkpoint_path\"") && unknown.body().contains("/nowhere"), unknown.body());
        assertEquals(404, api.get("/v1/trajectories/i-3").status(), "nothing of a refused batch is stored");
        ApiClient.Response both = api.post("/v1/datasets/import", "{\"items\": [{\"trajectory_id\": \"i-5\", \"run_id\": \"r\","
                + " \"model_version\": 1, \"checkpoint_path\": \"/ckpt/base\", \"created_at\": \"2026-01-02T00:00:00Z\"}]}");
        assertEquals(400, both.status());
        assertTrue(both.body().contains("checkpoint_path"), both.body());
    }
}
