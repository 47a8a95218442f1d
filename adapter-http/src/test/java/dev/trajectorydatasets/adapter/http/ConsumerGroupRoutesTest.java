package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Consumer groups over HTTP (issue 32): each group's feed trains on every eligible group once, whatever the others do. */
class ConsumerGroupRoutesTest {

    private static final RunningServer RUNNING = RunningServer.inMemory();
    private final ApiClient api = RUNNING.api;
    private final String run = "r-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterAll
    static void stop() {
        RUNNING.close();
    }

    private void rollouts(int tasks, int members) {
        StringBuilder items = new StringBuilder();
        for (int t = 0; t < tasks; t++) {
            for (int m = 0; m < members; m++) {
                items.append(items.isEmpty() ? "" : ",").append("{\"trajectory_id\":\"").append(run).append("-t").append(t).append('-').append(m)
                        .append("\",\"run_id\":\"").append(run).append("\",\"task_id\":\"t").append(t).append("\",\"reward\":").append(m % 2).append('}');
            }
        }
        assertEquals(201, api.post("/v1/datasets/batch", "{\"items\":[" + items + "]}").status());
    }

    /** A feed: leased group claims of 2 groups of 4, each acknowledged with the next claim, until none is left. */
    private List<String> feed(String group) {
        List<String> trained = new ArrayList<>();
        Long lease = null;
        while (true) {
            String body = "{\"run_id\":\"" + run + "\",\"group_size\":4,\"max_groups\":2,\"lease_seconds\":600,\"consumer_group\":\"" + group + "\""
                    + (lease == null ? "" : ",\"acknowledge_lease_id\":" + lease) + "}";
            ApiClient.Response answer = api.post("/v1/group-claims", body);
            assertEquals(200, answer.status(), answer.body());
            JsonNode json = answer.json();
            if (lease != null) {
                assertEquals(0, json.get("acknowledged").get("lost").size(), json.toString());
            }
            if (json.get("groups").isEmpty()) {
                return trained;
            }
            for (JsonNode taken : json.get("groups")) {
                trained.add(taken.get("task_id").asText());
            }
            lease = json.get("lease_id").asLong();
        }
    }

    @Test
    void a_trainer_feed_and_an_evaluator_feed_over_one_run_each_train_on_every_group_once() throws Exception {
        rollouts(24, 4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> feeds = new ArrayList<>();
            for (String group : List.of("trainer", "eval", "trainer", "eval")) {
                Callable<List<String>> feed = () -> feed(group);
                feeds.add(pool.submit(feed));
            }
            for (int first : List.of(0, 1)) {
                List<String> tasks = new ArrayList<>(feeds.get(first).get(60, TimeUnit.SECONDS));
                tasks.addAll(feeds.get(first + 2).get(60, TimeUnit.SECONDS));
                assertEquals(24, tasks.size(), "every task once: " + tasks);
                assertEquals(24, new HashSet<>(tasks).size());
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode groups = api.get("/v1/runs/" + run + "/consumer-groups").json().get("items");
        assertEquals("[{\"run_id\":\"" + run + "\",\"consumer_group\":\"default\",\"used\":0,\"unused\":96,\"uses\":0},"
                + "{\"run_id\":\"" + run + "\",\"consumer_group\":\"eval\",\"used\":96,\"unused\":0,\"uses\":96},"
                + "{\"run_id\":\"" + run + "\",\"consumer_group\":\"trainer\",\"used\":96,\"unused\":0,\"uses\":96}]", groups.toString());
        assertEquals("[{\"used\":1,\"trajectories\":96}]",
                api.get("/v1/runs/" + run + "/used-histogram?consumer_group=eval").json().get("items").toString());
        assertEquals(1.0, api.get("/v1/datasets/stats?run_id=" + run + "&consumer_group=trainer").json().get("avg_usage_time").asDouble());
        assertEquals(0.0, api.get("/v1/datasets/stats?run_id=" + run).json().get("avg_usage_time").asDouble());
    }

    @Test
    void an_export_carries_each_groups_counts_and_history_and_an_import_restores_them() {
        rollouts(1, 2);
        assertEquals(200, api.send("PUT", "/v1/runs/" + run + "/consumer-groups/critic", "").status());
        assertEquals(200, api.post("/v1/trajectories/" + run + "-t0-0/use", "{\"consumer_group\":\"eval\",\"by\":2}").status());
        String backup = api.get("/v1/export?run_id=" + run).body();
        assertTrue(backup.contains("{\"kind\":\"consumer_group\",\"run_id\":\"" + run + "\",\"consumer_group\":\"critic\"}"), backup);
        assertTrue(backup.contains("\"consumer_groups\":{\"eval\":2}"), backup);
        assertTrue(backup.contains("\"consumer_group\":\"eval\""), backup);

        try (RunningServer other = RunningServer.inMemory()) {
            ApiClient.Response imported = other.api.post("/v1/datasets/import", "{\"items\":[" + String.join(",", backup.lines().toList()) + "]}");
            assertEquals(200, imported.status(), imported.body());
            JsonNode groups = other.api.get("/v1/runs/" + run + "/consumer-groups").json().get("items");
            assertEquals("[{\"run_id\":\"" + run + "\",\"consumer_group\":\"default\",\"used\":0,\"unused\":2,\"uses\":0},"
                    + "{\"run_id\":\"" + run + "\",\"consumer_group\":\"critic\",\"used\":0,\"unused\":2,\"uses\":0},"
                    + "{\"run_id\":\"" + run + "\",\"consumer_group\":\"eval\",\"used\":1,\"unused\":1,\"uses\":2}]", groups.toString());
            assertEquals(withoutIds(backup), withoutIds(other.api.get("/v1/export?run_id=" + run).body()), "the copy exports as the original");
        }
    }

    private static String withoutIds(String lines) {
        return lines.replaceAll("\"id\":\\d+,", "");
    }

    @Test
    void groups_are_declared_read_and_deleted_and_bad_names_are_refused() {
        rollouts(1, 2);
        String path = "/v1/runs/" + run + "/consumer-groups/critic";
        assertEquals(404, api.get(path).status());
        assertEquals("{\"run_id\":\"" + run + "\",\"consumer_group\":\"critic\",\"used\":0,\"unused\":2,\"uses\":0}", api.send("PUT", path, "").body());
        JsonNode used = api.post("/v1/trajectories/" + run + "-t0-0/use", "{\"consumer_group\":\"critic\",\"consumer\":\"c-1\"}").json();
        assertEquals(1, used.get("used").asInt(), "the record as the group counts it");
        assertEquals(0, api.get("/v1/trajectories/" + run + "-t0-0").json().get("used").asInt(), "its own used untouched");
        JsonNode events = api.get("/v1/trajectories/" + run + "-t0-0/history").json().get("items");
        assertEquals("critic", events.get(0).get("consumer_group").asText());
        assertEquals(200, api.post("/v1/trajectories/" + run + "-t0-0/use", "{}").status());
        assertEquals(2, api.get("/v1/trajectories/" + run + "-t0-0/history").json().get("items").size());
        JsonNode critics = api.get("/v1/trajectories/" + run + "-t0-0/history?consumer_group=critic").json().get("items");
        assertEquals(1, critics.size());
        assertEquals("critic", critics.get(0).get("consumer_group").asText());
        assertEquals("default", api.get("/v1/usage-events?run_id=" + run + "&consumer_group=default").json().get("items").get(0)
                .get("consumer_group").asText());
        assertEquals(200, api.patch("/v1/datasets/batch", "{\"consumer_group\":\"critic\",\"items\":[{\"trajectory_id\":\"" + run
                + "-t0-1\",\"used\":3}]}").status());
        assertEquals(4, api.get(path).json().get("uses").asInt());

        ApiClient.Response mixed = api.patch("/v1/datasets/batch", "{\"consumer_group\":\"critic\",\"items\":[{\"trajectory_id\":\"" + run
                + "-t0-1\",\"used\":3,\"reward\":1}]}");
        assertEquals(400, mixed.status());
        assertEquals("items[0]", mixed.json().get("field").asText());
        ApiClient.Response noRun = api.post("/v1/claims", "{\"count\":1,\"consumer_group\":\"critic\"}");
        assertEquals(400, noRun.status());
        assertEquals("run_id", noRun.json().get("field").asText());
        ApiClient.Response badName = api.post("/v1/claims", "{\"count\":1,\"run_id\":\"" + run + "\",\"consumer_group\":\"\"}");
        assertEquals(400, badName.status());
        assertEquals("consumer_group", badName.json().get("field").asText());
        ApiClient.Response deleteDefault = api.delete("/v1/runs/" + run + "/consumer-groups/default");
        assertEquals(400, deleteDefault.status());
        assertEquals("consumer_group", deleteDefault.json().get("field").asText());
        assertEquals(4, api.get(path).json().get("uses").asInt(), "refused requests changed nothing");

        assertEquals(204, api.delete(path).status());
        assertEquals(404, api.delete(path).status());
        Set<String> left = new HashSet<>();
        api.get("/v1/runs/" + run + "/consumer-groups").json().get("items").forEach(group -> left.add(group.get("consumer_group").asText()));
        assertEquals(Set.of("default"), left);
        assertTrue(api.get("/v1/usage-events?run_id=" + run).json().get("items").size() >= 2, "its history stays");
    }
}
