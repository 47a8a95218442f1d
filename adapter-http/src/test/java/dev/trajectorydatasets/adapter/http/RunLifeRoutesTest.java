package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An operator's routes for a whole run (delete, dry run, its checkpoints) and for importing exported records. */
class RunLifeRoutesTest {

    private final RunningServer running = RunningServer.inMemory();
    private final ApiClient api = running.api;

    @AfterEach
    void stop() {
        running.close();
    }

    private void aRun(String run) {
        String items = "{\"items\": [" + "{\"trajectory_id\": \"" + run + "-a\", \"run_id\": \"" + run + "\"},"
                + "{\"trajectory_id\": \"" + run + "-b\", \"run_id\": \"" + run + "\"},"
                + "{\"trajectory_id\": \"" + run + "-c\", \"run_id\": \"" + run + "\"}]}";
        assertEquals(201, api.post("/v1/datasets/batch", items).status());
        assertEquals(200, api.post("/v1/claims", "{\"count\": 2, \"run_id\": \"" + run + "\"}").status());
        assertEquals(200, api.post("/v1/claims", "{\"count\": 1, \"run_id\": \"" + run + "\", \"max_used\": 1, \"lease_seconds\": 600}").status());
        assertEquals(201, api.post("/v1/runs/" + run + "/checkpoints", "{\"path\": \"/c/0\", \"initial\": true}").status());
        assertEquals(201, api.post("/v1/runs/" + run + "/checkpoints", "{\"path\": \"/c/1\"}").status());
    }

    @Test
    void a_dry_run_says_what_would_go_and_the_delete_takes_the_whole_run_and_nothing_else() {
        aRun("gone");
        aRun("kept");

        JsonNode dry = api.delete("/v1/runs/gone?dry_run=true").json();
        assertTrue(dry.get("last_activity_at").isTextual(), dry.toString());
        dry = ((com.fasterxml.jackson.databind.node.ObjectNode) dry).without("last_activity_at");
        assertEquals("{\"run_id\":\"gone\",\"trajectories\":3,\"usage_events\":2,\"checkpoints\":2,\"leases\":1,\"dry_run\":true}", dry.toString());
        JsonNode contents = api.get("/v1/runs/gone").json();
        assertEquals(List.of(3, 2, 2, 1), List.of(contents.get("trajectories").asInt(), contents.get("usage_events").asInt(),
                contents.get("checkpoints").asInt(), contents.get("leases").asInt()));
        assertEquals(3, api.get("/v1/datasets/count?run_id=gone").json().get("count").asInt(), "a dry run deletes nothing");

        JsonNode deleted = api.delete("/v1/runs/gone").json();
        assertEquals(3, deleted.get("trajectories").asInt());
        assertEquals(false, deleted.get("dry_run").asBoolean());
        assertEquals(0, api.get("/v1/datasets/count?run_id=gone").json().get("count").asInt());
        assertEquals(0, api.get("/v1/runs/gone/checkpoints").json().get("items").size());
        assertEquals(3, api.get("/v1/runs/kept").json().get("trajectories").asInt());
        JsonNode none = api.get("/v1/runs/gone").json();
        assertEquals("{\"run_id\":\"gone\",\"trajectories\":0,\"usage_events\":0,\"checkpoints\":0,\"leases\":0,\"last_activity_at\":null}",
                none.toString());
    }

    @Test
    void a_paused_run_s_claims_take_nothing_and_say_why_while_creates_go_on_until_it_is_resumed() throws Exception {
        String items = "{\"items\": [" + java.util.stream.IntStream.range(0, 8).mapToObj(i -> "{\"trajectory_id\": \"p" + i
                + "\", \"run_id\": \"p\", \"task_id\": \"t" + i / 4 + "\"}").collect(java.util.stream.Collectors.joining(",")) + "]}";
        assertEquals(201, api.post("/v1/datasets/batch", items).status());
        JsonNode pause = api.post("/v1/runs/p/pause", "{\"reason\": \"bad reward model\"}").json();
        assertEquals("bad reward model", pause.get("reason").asText());
        assertEquals(pause, api.post("/v1/runs/p/pause", "").json(), "a paused run keeps its first pause");
        assertEquals(pause, api.get("/v1/pauses").json().get("items").get(0));

        JsonNode claimed = api.post("/v1/claims", "{\"count\": 2, \"run_id\": \"p\"}").json();
        assertEquals(0, claimed.get("items").size());
        assertEquals(pause, claimed.get("paused"), "the answer says why it took nothing");
        JsonNode leased = api.post("/v1/claims", "{\"count\": 2, \"run_id\": \"p\", \"lease_seconds\": 60}").json();
        assertEquals(0, leased.get("items").size());
        assertTrue(leased.get("lease_id").isNull());
        JsonNode groups = api.post("/v1/group-claims", "{\"run_id\": \"p\", \"group_size\": 4}").json();
        assertEquals(0, groups.get("groups").size());
        assertEquals(pause, groups.get("paused"));
        assertEquals(201, api.post("/v1/datasets", "{\"trajectory_id\": \"p8\", \"run_id\": \"p\"}").status(), "creates go on");
        assertEquals(0, api.get("/v1/datasets/count?run_id=p&usage_time_min=1").json().get("count").asInt(), "nothing was counted");

        java.util.concurrent.CompletableFuture<JsonNode> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                api.post("/v1/claims", "{\"count\": 2, \"run_id\": \"p\", \"wait_ms\": 20000}").json());
        Thread.sleep(300);
        assertTrue(!waiting.isDone(), "a waiting claim keeps waiting while the run is paused");
        assertEquals("{\"resumed\":true}", api.post("/v1/runs/p/resume", "").json().toString());
        assertEquals(2, waiting.get(20, java.util.concurrent.TimeUnit.SECONDS).get("items").size(), "and is answered once it resumes");
        assertTrue(waiting.get().get("paused").isNull());
        assertEquals("{\"resumed\":false}", api.post("/v1/runs/p/resume", "").json().toString());
        assertEquals(0, api.get("/v1/pauses").json().get("items").size());
    }

    @Test
    void a_run_s_checkpoints_are_deleted_alone() {
        aRun("r");
        assertEquals(2, api.delete("/v1/runs/r/checkpoints").json().get("deleted").asInt());
        assertEquals(0, api.delete("/v1/runs/r/checkpoints").json().get("deleted").asInt());
        assertEquals(3, api.get("/v1/datasets/count?run_id=r").json().get("count").asInt());
        ApiClient.Response bad = api.delete("/v1/runs/r?dry_run=maybe");
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("\"field\":\"dry_run\""), bad.body());
    }

    @Test
    void exported_records_are_imported_as_they_are_and_a_bad_one_is_named_with_nothing_stored() {
        String items = "{\"items\": [{\"id\": 7, \"trajectory_id\": \"old-1\", \"run_id\": \"r\", \"used\": 3, \"model_version\": 2,"
                + " \"created_at\": \"2026-01-02T03:04:05.123456Z\", \"attributes\": {\"trace\": \"t\"}},"
                + " {\"trajectory_id\": \"old-2\", \"created_at\": \"2026-01-02T03:04:06Z\"}]}";
        JsonNode imported = api.post("/v1/datasets/import", items).json();
        assertEquals("{\"created\":2,\"skipped\":0,\"events\":1,\"checkpoints\":0,\"pauses\":0}", imported.toString(),
                "a record of an older export (no history lines) gets a create's event for its used");
        JsonNode record = api.get("/v1/trajectories/old-1").json();
        assertEquals(3, record.get("used").asInt());
        assertEquals(2, record.get("model_version").asInt());
        assertEquals("2026-01-02T03:04:05.123456Z", record.get("created_at").asText());
        assertEquals("{\"created\":0,\"skipped\":2,\"events\":0,\"checkpoints\":0,\"pauses\":0}", api.post("/v1/datasets/import", items).json().toString());

        ApiClient.Response refused = api.post("/v1/datasets/import",
                "{\"items\": [{\"trajectory_id\": \"new-1\", \"created_at\": \"2026-01-02T03:04:06Z\"}, {\"trajectory_id\": \"new-2\", \"used\": -1,"
                        + " \"created_at\": \"2026-01-02T03:04:06Z\"}]}");
        assertEquals(400, refused.status());
        assertTrue(refused.body().contains("\"field\":\"items[1].used\""), refused.body());
        assertEquals(404, api.get("/v1/trajectories/new-1").status(), "nothing of a refused batch is stored");
        ApiClient.Response conflict = api.post("/v1/datasets/import", "{\"on_conflict\": \"error\", \"items\": [{\"trajectory_id\": \"old-1\","
                + " \"created_at\": \"2026-01-02T03:04:06Z\"}]}");
        assertEquals(409, conflict.status(), conflict.body());
    }

    @Test
    void a_run_exported_whole_comes_back_whole_after_its_deletion() {
        aRun("saved");
        assertEquals(200, api.post("/v1/datasets/use", "{\"trajectory_ids\": [\"saved-a\"], \"consumer\": \"trainer-1\"}").status());
        assertEquals(200, api.post("/v1/runs/saved/pause", "{\"reason\": \"looking\"}").status());
        String history = withoutIds(api.get("/v1/trajectories/saved-a/history").json().get("items").toString());
        String checkpoints = api.get("/v1/runs/saved/checkpoints").json().toString();

        ApiClient.Response first = api.get("/v1/export?run_id=saved&limit=2");
        assertEquals(200, first.status(), first.body());
        assertTrue(first.contentType().startsWith("application/x-ndjson"), first.contentType());
        List<String> kinds = first.body().lines().map(line -> line.substring(9, line.indexOf('"', 9))).toList();
        assertEquals(List.of("pause", "checkpoint", "checkpoint", "trajectory", "usage", "usage", "trajectory", "usage"), kinds, first.body());
        assertEquals(null, api.get("/v1/export?run_id=saved&limit=4").header("Next-After-Id"), "a page that is not full is the last");
        ApiClient.Response rest = api.get("/v1/export?run_id=saved&limit=2&after_id=" + first.header("Next-After-Id"));
        assertEquals(List.of("trajectory"), rest.body().lines().map(line -> line.substring(9, line.indexOf('"', 9))).toList());

        assertEquals(200, api.post("/v1/runs/saved/resume", "").status());
        assertEquals(200, api.delete("/v1/runs/saved").status());
        String lines = String.join(",", (first.body() + rest.body()).lines().toList());
        JsonNode restored = api.post("/v1/datasets/import", "{\"items\": [" + lines + "]}").json();
        assertEquals("{\"created\":3,\"skipped\":0,\"events\":3,\"checkpoints\":2,\"pauses\":1}", restored.toString());
        assertEquals(history, withoutIds(api.get("/v1/trajectories/saved-a/history").json().get("items").toString()),
                "the same events: kinds, times, consumers");
        assertEquals(checkpoints, api.get("/v1/runs/saved/checkpoints").json().toString());
        assertTrue(api.get("/v1/pauses").body().contains("looking"));

        ApiClient.Response misplaced = api.post("/v1/datasets/import", "{\"items\": [{\"kind\": \"usage\", \"trajectory_id\": \"x\","
                + " \"change\": 1, \"event\": \"use\", \"at\": \"2026-01-02T03:04:06Z\"}]}");
        assertEquals(400, misplaced.status());
        assertTrue(misplaced.body().contains("\"field\":\"items[0].trajectory_id\"") && misplaced.body().contains("must follow"), misplaced.body());
        ApiClient.Response notAddingUp = api.post("/v1/datasets/import", "{\"items\": [{\"trajectory_id\": \"y\", \"used\": 2,"
                + " \"created_at\": \"2026-01-02T03:04:06Z\"}, {\"kind\": \"usage\", \"trajectory_id\": \"y\", \"change\": 1,"
                + " \"event\": \"use\", \"at\": \"2026-01-02T03:04:06Z\"}]}");
        assertEquals(400, notAddingUp.status());
        assertTrue(notAddingUp.body().contains("\"field\":\"used\"") && notAddingUp.body().contains("add up to 1"), notAddingUp.body());
        assertEquals(404, api.get("/v1/trajectories/y").status());
    }

    private static String withoutIds(String events) {
        return events.replaceAll("\"event_id\":\\d+,", "");
    }
}
