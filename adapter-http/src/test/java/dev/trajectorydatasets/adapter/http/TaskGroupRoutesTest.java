package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tasks, rewards, checkpoints and group claims over HTTP, on a real server over the in-memory store. */
class TaskGroupRoutesTest {

    private final RunningServer running = RunningServer.inMemory();
    private final ApiClient api = running.api;

    @AfterEach
    void stop() {
        running.close();
    }

    /** Run r: tasks t0..t4 of 4 rollouts each, rewards 1, 0, 1, 0, model versions 1 and 2. */
    private void seed() {
        String items = IntStream.range(0, 20).mapToObj(i -> "{\"trajectory_id\":\"x" + i + "\",\"run_id\":\"r\",\"task_id\":\"t" + i / 4
                        + "\",\"reward\":" + (i % 2 == 0 ? 1 : 0) + ",\"model_version\":" + (1 + i % 2) + "}")
                .collect(Collectors.joining(",", "{\"items\":[", "]}"));
        assertEquals(201, api.post("/v1/datasets/batch", items).status());
        assertEquals(201, api.post("/v1/runs/r/checkpoints", "{\"path\":\"/c/0\",\"initial\":true}").status());
        assertEquals(201, api.post("/v1/runs/r/checkpoints", "{\"path\":\"/c/1\"}").status());
        assertEquals(201, api.post("/v1/runs/r/checkpoints", "{\"path\":\"/c/2\"}").status());
    }

    @Test
    void a_group_claim_takes_groups_of_one_task_counts_them_and_the_next_takes_others() {
        seed();
        String body = "{\"run_id\":\"r\",\"group_size\":4,\"min_groups\":2,\"max_groups\":3,\"latest_checkpoints\":2,"
                + "\"mean_reward_min\":0.0,\"mean_reward_max_exclusive\":1.0,\"mixed_rewards\":true,\"order\":\"oldest_task\"}";

        JsonNode first = api.post("/v1/group-claims", body).json();
        JsonNode second = api.post("/v1/group-claims", body).json();

        assertTrue(first.get("eligible_tasks").isNull(), "not counted when groups are taken");
        assertEquals(3, first.get("groups").size());
        assertEquals("t0", first.get("groups").get(0).get("task_id").asText());
        for (JsonNode group : first.get("groups")) {
            assertEquals(4, group.get("items").size());
            group.get("items").forEach(item -> assertEquals(1, item.get("used").asInt()));
        }
        assertTrue(second.get("eligible_tasks").isNull());
        assertEquals(2, second.get("groups").size());
        JsonNode third = api.post("/v1/group-claims", body).json();
        assertEquals(0, third.get("groups").size());
        assertEquals(0, third.get("eligible_tasks").asInt());
        assertEquals(0, api.get("/v1/datasets/count?run_id=r&usage_time_max=0").json().get("count").asInt());
    }

    @Test
    void bad_group_claims_are_400s_naming_the_field_and_change_nothing() {
        seed();
        Map<String, String> bad = Map.ofEntries(
                Map.entry("{\"run_id\":\"r\",\"group_size\":0}", "group_size"),
                Map.entry("{\"run_id\":\"r\",\"group_size\":1025}", "group_size"),
                Map.entry("{\"run_id\":\"r\"}", "group_size"),
                Map.entry("{\"group_size\":2}", "run_id"),
                Map.entry("{\"run_id\":\"r\",\"group_size\":2,\"max_groups\":1001}", "max_groups"),
                Map.entry("{\"run_id\":\"r\",\"group_size\":2,\"min_groups\":3,\"max_groups\":2}", "min_groups"),
                Map.entry("{\"run_id\":\"r\",\"group_size\":2,\"latest_checkpoints\":2,\"model_version_min\":1}", "latest_checkpoints"),
                Map.entry("{\"run_id\":\"r\",\"group_size\":2,\"order\":\"oldest\"}", "order"),
                Map.entry("{\"run_id\":\"r\",\"group_size\":2,\"acc_max\":1}", "acc_max"),
                Map.entry("{\"run_id\":\"r\",\"group_size\":2,\"mean_reward_min\":1,\"mean_reward_max_exclusive\":1}", "mean_reward_min"),
                Map.entry("{\"run_id\":\"r\",\"group_size\":1,\"mixed_rewards\":true}", "mixed_rewards"),
                Map.entry("{\"run_id\":\"r\",\"group_size\":2,\"mixed_rewards\":\"yes\"}", "mixed_rewards"),
                Map.entry("{\"run_id\":\"r\",\"group_size\":2,\"mean_reward_min\":1e999}", "mean_reward_min"),
                Map.entry("{\"run_id\":\"r\",\"group_size\":1024,\"max_groups\":65}", "max_groups"));
        String before = api.get("/v1/datasets?run_id=r&limit=100").body();

        bad.forEach((body, field) -> {
            ApiClient.Response response = api.post("/v1/group-claims", body);
            assertEquals(400, response.status(), body + " -> " + response.body());
            assertEquals(field, response.json().get("field").asText(), body);
            assertEquals("invalid_request", response.json().get("code").asText());
        });

        assertEquals(before, api.get("/v1/datasets?run_id=r&limit=100").body());
    }

    @Test
    void bad_task_reward_and_attributes_are_400s_naming_the_field() {
        String big = "{\"a\":\"" + "x".repeat(8 * 1024) + "\"}";
        Map<String, String> bad = Map.of(
                "{\"trajectory_id\":\"a\",\"reward\":\"0.5\"}", "reward",
                "{\"trajectory_id\":\"a\",\"reward\":1e999}", "reward",
                "{\"trajectory_id\":\"a\",\"task_id\":\" t\"}", "task_id",
                "{\"trajectory_id\":\"a\",\"attributes\":[1,2]}", "attributes",
                "{\"trajectory_id\":\"a\",\"attributes\":\"{}\"}", "attributes",
                "{\"trajectory_id\":\"a\",\"attributes\":" + big + "}", "attributes");

        bad.forEach((body, field) -> {
            ApiClient.Response response = api.post("/v1/datasets", body);
            assertEquals(400, response.status(), body.length() > 200 ? field : body);
            assertEquals(field, response.json().get("field").asText());
        });
        assertEquals(0, api.get("/v1/datasets/count").json().get("count").asInt());
        assertEquals(400, api.get("/v1/datasets?reward_min=NaN").status());
        assertEquals("reward_min", api.get("/v1/datasets?reward_min=1&reward_max=0").json().get("field").asText());
    }

    @Test
    void attributes_come_back_as_the_same_json_value_and_patch_replaces_or_clears_them() {
        JsonNode created = api.post("/v1/datasets", "{\"trajectory_id\":\"a\",\"task_id\":\"t\",\"reward\":-1,"
                + "\"attributes\":{\"trace_id\":\"abc\",\"chunks\":3,\"data\":{\"dir\":\"/d/\u00e9\",\"ok\":[true,null]}}}").json();

        JsonNode attributes = api.get("/v1/trajectories/a").json().get("attributes");
        assertEquals(created.get("attributes"), attributes);
        assertEquals("/d/\u00e9", attributes.get("data").get("dir").asText());
        assertEquals(-1.0, created.get("reward").asDouble());

        JsonNode patched = api.patch("/v1/trajectories/a", "{\"attributes\":{\"x\":1},\"reward\":null,\"task_id\":\"u\"}").json();
        assertEquals(1, patched.get("attributes").get("x").asInt());
        assertTrue(patched.get("reward").isNull());
        assertEquals("u", patched.get("task_id").asText());
        assertTrue(api.patch("/v1/trajectories/a", "{\"attributes\":null}").json().get("attributes").isNull());
        assertEquals(400, api.patch("/v1/trajectories/a", "{\"attributes\":5}").status());
    }

    @Test
    void checkpoints_list_newest_first_and_page_by_version() {
        seed();

        JsonNode page = api.get("/v1/runs/r/checkpoints?latest=2").json();
        assertEquals(2, page.get("items").get(0).get("version").asInt());
        assertEquals(1, page.get("items").get(1).get("version").asInt());
        assertEquals(1, page.get("next_before_version").asInt());
        JsonNode rest = api.get("/v1/runs/r/checkpoints?latest=2&before_version=1").json();
        assertEquals(0, rest.get("items").get(0).get("version").asInt());
        assertTrue(rest.get("next_before_version").isNull());
        assertEquals("path", api.post("/v1/runs/r/checkpoints", "{\"path\":\"  \"}").json().get("field").asText());
        assertEquals(409, api.post("/v1/runs/r/checkpoints", "{\"path\":\"/again\",\"initial\":true}").status());
    }

    @Test
    void runs_tasks_and_model_versions_describe_the_run() {
        seed();

        JsonNode run = api.get("/v1/runs").json().get("items").get(0);
        assertEquals("r", run.get("run_id").asText());
        assertEquals(20, run.get("trajectories").asInt());
        assertEquals(2, run.get("newest_checkpoint").asInt());
        JsonNode tasks = api.get("/v1/runs/r/tasks?group_size=4&latest_checkpoints=1&limit=2").json();
        assertEquals(2, tasks.get("items").size());
        assertEquals("t1", tasks.get("next_after_task_id").asText());
        assertEquals(2, tasks.get("items").get(0).get("eligible_members").asInt(), "only version 2 is among the latest 1");
        assertTrue(!tasks.get("items").get(0).get("eligible").asBoolean());
        JsonNode versions = api.get("/v1/runs/r/model-versions").json().get("items");
        assertEquals(2, versions.size());
        assertEquals(1.0, versions.get(0).get("positive_share").asDouble());
        assertEquals(0.0, versions.get(1).get("mean_reward").asDouble());
        assertEquals(5, versions.get(1).get("distinct_tasks").asInt());
        assertEquals(4, api.delete("/v1/datasets?run_id=r&task_id=t0").json().get("deleted").asInt());
        assertEquals(16, api.get("/v1/datasets/count?run_id=r").json().get("count").asInt());
    }

    @Test
    void a_run_timeline_and_used_histogram_show_creations_claims_and_what_was_never_used() {
        seed();
        assertEquals(200, api.post("/v1/group-claims", "{\"run_id\":\"r\",\"group_size\":4,\"max_groups\":2}").status());
        assertEquals(200, api.post("/v1/trajectories/x19/use", "{}").status());

        JsonNode timeline = api.get("/v1/runs/r/timeline").json();
        JsonNode last = timeline.get("buckets").get(timeline.get("buckets").size() - 1);
        long claimed = 0;
        long used = 0;
        for (JsonNode bucket : timeline.get("buckets")) {
            claimed += bucket.get("claimed").asLong();
            used += bucket.get("used").asLong();
        }
        assertEquals(20, last.get("trajectories").asInt());
        assertEquals(11, last.get("never_used").asInt(), "20 created, 8 claimed, 1 used");
        assertEquals(8, claimed);
        assertEquals(1, used);
        assertTrue(timeline.get("buckets").size() <= 240, "the server picks a width making a chart's worth of spans");

        JsonNode sized = api.get("/v1/runs/r/timeline?bucket_seconds=3600&from=2026-01-01T00:00:00Z&to=2026-01-01T03:00:00Z").json();
        assertEquals(3, sized.get("buckets").size());
        assertEquals(3600, sized.get("bucket_seconds").asInt());
        assertEquals("2026-01-01T01:00:00Z", sized.get("buckets").get(1).get("start").asText());

        JsonNode histogram = api.get("/v1/runs/r/used-histogram?limit=1").json();
        assertEquals(0, histogram.get("items").get(0).get("used").asInt());
        assertEquals(11, histogram.get("items").get(0).get("trajectories").asInt());
        assertEquals(0, histogram.get("next_after_used").asInt());
        JsonNode rest = api.get("/v1/runs/r/used-histogram?after_used=0").json();
        assertEquals(1, rest.get("items").size());
        assertEquals(9, rest.get("items").get(0).get("trajectories").asInt());
        assertTrue(rest.get("next_after_used").isNull());
    }

    @Test
    void the_reward_distribution_shows_each_model_versions_rewards_as_a_histogram() {
        seed();
        assertEquals(201, api.post("/v1/datasets", "{\"trajectory_id\":\"x20\",\"run_id\":\"r\",\"model_version\":2,\"reward\":1.5}").status());
        assertEquals(201, api.post("/v1/datasets", "{\"trajectory_id\":\"x21\",\"run_id\":\"r\",\"model_version\":2}").status());

        JsonNode answer = api.get("/v1/runs/r/reward-distribution?bins=4").json();

        assertEquals(4, answer.get("bins").asInt());
        JsonNode first = answer.get("versions").get(0);
        assertEquals(1, first.get("model_version").asInt());
        assertEquals(10, first.get("scored").asInt());
        assertEquals("[0,0,0,10]", first.get("counts").toString(), "a reward equal to high counts in the last span");
        JsonNode second = answer.get("versions").get(1);
        assertEquals(2, second.get("model_version").asInt());
        assertEquals(12, second.get("trajectories").asInt());
        assertEquals(11, second.get("scored").asInt());
        assertEquals("[10,0,0,0]", second.get("counts").toString());
        assertEquals(1, second.get("above").asInt());
        assertEquals(1.5, second.get("max_reward").asDouble());
        assertEquals(1.5 / 11, second.get("mean_reward").asDouble(), 1e-9);
        ApiClient.Response refused = api.get("/v1/runs/r/reward-distribution?bins=0");
        assertEquals(400, refused.status());
        assertEquals("bins", refused.json().get("field").asText());
        assertEquals(0, api.get("/v1/runs/nothing_here/reward-distribution").json().get("versions").size());
    }
}
