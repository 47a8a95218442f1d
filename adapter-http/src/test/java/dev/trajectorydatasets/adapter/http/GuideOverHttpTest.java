package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every operation of the guide over HTTP, on a real server over the in-memory store. */
class GuideOverHttpTest {

    private final RunningServer running = RunningServer.inMemory();
    private final ApiClient api = running.api;

    @AfterEach
    void stop() {
        running.close();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void create_answers_201_with_the_record_and_where_it_lives() {
        ApiClient.Response created = api.post("/v1/datasets", "{\"trajectory_id\":\"traj_001\",\"run_id\":\"run_alpha\"}");

        assertEquals(201, created.status());
        JsonNode record = created.json();
        assertEquals("traj_001", record.get("trajectory_id").asText());
        assertEquals("run_alpha", record.get("run_id").asText());
        assertEquals(0, record.get("used").asInt());
        assertEquals(0, record.get("model_version").asInt());
        assertTrue(record.get("created_at").asText().endsWith("Z"));
        Instant.parse(record.get("created_at").asText());
        assertEquals("/v1/datasets/" + record.get("id").asLong(), created.header("Location"));
        assertEquals(record, api.get(created.header("Location")).json());
    }

    @Test
    void a_record_without_a_run_shows_run_id_null() {
        JsonNode record = api.post("/v1/datasets", "{\"trajectory_id\":\"lonely\",\"used\":2,\"model_version\":7}").json();

        assertTrue(record.get("run_id").isNull());
        assertEquals(2, record.get("used").asInt());
        assertEquals(7, record.get("model_version").asInt());
    }

    @Test
    void a_trajectory_is_found_by_its_url_encoded_id() {
        String id = "traj 🚀 ü?&=#";
        api.post("/v1/datasets", "{\"trajectory_id\":\"" + id + "\"}");

        ApiClient.Response found = api.get("/v1/trajectories/" + encode(id));

        assertEquals(200, found.status(), found.body());
        assertEquals(id, found.json().get("trajectory_id").asText());
    }

    @Test
    void a_missing_record_is_a_404_problem() {
        ApiClient.Response missing = api.get("/v1/trajectories/nope");

        assertEquals(404, missing.status());
        assertEquals("application/problem+json", missing.contentType());
        assertEquals("not_found", missing.json().get("code").asText());
        assertEquals(404, missing.json().get("status").asInt());
        assertEquals(404, api.get("/v1/datasets/999999").status());
        assertEquals(404, api.delete("/v1/trajectories/nope").status());
        assertEquals(404, api.patch("/v1/trajectories/nope", "{\"used\":1}").status());
    }

    @Test
    void a_batch_is_created_whole_and_a_duplicate_batch_names_every_clash() {
        ApiClient.Response created = api.post("/v1/datasets/batch",
                "{\"items\":[{\"trajectory_id\":\"a\",\"run_id\":\"r\"},{\"trajectory_id\":\"b\",\"run_id\":\"r\",\"used\":3}]}");
        assertEquals(201, created.status());
        assertEquals(2, created.json().get("created").asInt());
        assertEquals("b", created.json().get("items").get(1).get("trajectory_id").asText());

        ApiClient.Response clash = api.post("/v1/datasets/batch",
                "{\"items\":[{\"trajectory_id\":\"c\"},{\"trajectory_id\":\"a\"},{\"trajectory_id\":\"b\"}]}");

        assertEquals(409, clash.status());
        assertEquals("duplicate_trajectory", clash.json().get("code").asText());
        assertEquals("[\"a\",\"b\"]", clash.json().get("trajectory_ids").toString());
        assertEquals(2, api.get("/v1/datasets/count").json().get("count").asLong());
    }

    @Test
    void a_single_duplicate_says_which_one_as_the_guide_does() {
        api.post("/v1/datasets", "{\"trajectory_id\":\"traj_001\"}");

        ApiClient.Response clash = api.post("/v1/datasets", "{\"trajectory_id\":\"traj_001\",\"run_id\":\"other\"}");

        assertEquals(409, clash.status());
        assertEquals("trajectory_id 'traj_001' already exists", clash.json().get("detail").asText());
    }

    @Test
    void lists_filter_page_and_count() {
        running.manager.createDatasets(IntStream.range(0, 30)
                .mapToObj(i -> CreateDatasetCommand.of("t" + i).inRun(i % 2 == 0 ? "even" : "odd").used(i % 5)).toList());

        JsonNode first = api.get("/v1/datasets?run_id=even&usage_time_max=2&limit=4").json();
        assertEquals(4, first.get("items").size());
        long next = first.get("next_after_id").asLong();
        JsonNode rest = api.get("/v1/datasets?run_id=even&usage_time_max=2&limit=100&after_id=" + next).json();
        assertTrue(rest.get("next_after_id").isNull());
        assertEquals(api.get("/v1/datasets/count?run_id=even&usage_time_max=2").json().get("count").asInt(),
                first.get("items").size() + rest.get("items").size());
        assertEquals("t10", api.get("/v1/datasets?run_id=even&offset=5&limit=1").json().get("items").get(0).get("trajectory_id").asText());
        assertEquals(30, api.get("/v1/datasets?limit=10000").json().get("items").size());
        assertEquals(100, api.get("/v1/datasets/count?usage_time_min=0").json().get("count").asInt() + 70);
        String window = "created_after=" + encode("2000-01-01T00:00:00Z") + "&created_before=" + encode("2999-01-01T00:00:00+08:00");
        assertEquals(30, api.get("/v1/datasets/count?" + window).json().get("count").asInt());
        assertEquals(0, api.get("/v1/datasets/count?model_version_min=1").json().get("count").asInt());
    }

    @Test
    void statistics_overall_and_per_run() {
        api.post("/v1/datasets", "{\"trajectory_id\":\"a\",\"run_id\":\"r1\",\"used\":1}");
        api.post("/v1/datasets", "{\"trajectory_id\":\"b\",\"run_id\":\"r1\",\"used\":4}");
        api.post("/v1/datasets", "{\"trajectory_id\":\"c\",\"run_id\":\"r2\",\"used\":10}");

        JsonNode all = api.get("/v1/datasets/stats").json();
        assertEquals(3, all.get("total_count").asInt());
        assertEquals(5.0, all.get("avg_usage_time").asDouble(), 1e-9);
        assertEquals(10, all.get("max_usage_time").asInt());
        assertEquals(1, all.get("min_usage_time").asInt());
        assertEquals(2, all.get("unique_runs").asInt());
        JsonNode r1 = api.get("/v1/datasets/stats?run_id=r1").json();
        assertEquals(2.5, r1.get("avg_usage_time").asDouble(), 1e-9);
        assertEquals(1, r1.get("unique_runs").asInt());
    }

    @Test
    void patch_changes_the_named_fields_and_null_clears_the_run() {
        api.post("/v1/datasets", "{\"trajectory_id\":\"traj_001\",\"run_id\":\"run_alpha\"}");

        JsonNode updated = api.patch("/v1/trajectories/traj_001", "{\"used\":15,\"model_version\":2,\"run_id\":\"run_beta\"}").json();
        assertEquals(15, updated.get("used").asInt());
        assertEquals("run_beta", updated.get("run_id").asText());

        JsonNode cleared = api.patch("/v1/trajectories/traj_001", "{\"run_id\":null}").json();
        assertTrue(cleared.get("run_id").isNull());
        assertEquals(15, cleared.get("used").asInt());
    }

    @Test
    void a_batch_update_is_one_unit_and_reports_what_it_did_not_find() {
        api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"a\"},{\"trajectory_id\":\"b\"}]}");

        JsonNode result = api.patch("/v1/datasets/batch",
                "{\"items\":[{\"trajectory_id\":\"a\",\"used\":5},{\"trajectory_id\":\"zzz\",\"used\":1},{\"trajectory_id\":\"b\",\"model_version\":3}]}").json();

        assertEquals(2, result.get("updated").asInt());
        assertEquals("[\"zzz\"]", result.get("not_found").toString());
        assertEquals(5, api.get("/v1/trajectories/a").json().get("used").asInt());
        assertEquals(3, api.get("/v1/trajectories/b").json().get("model_version").asInt());
    }

    @Test
    void deleting_one_then_a_run() {
        api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"a\",\"run_id\":\"old\"},{\"trajectory_id\":\"b\",\"run_id\":\"old\"},{\"trajectory_id\":\"c\",\"run_id\":\"new\"}]}");

        assertEquals(204, api.delete("/v1/trajectories/a").status());
        assertEquals(1, api.delete("/v1/datasets?run_id=old").json().get("deleted").asInt());
        assertEquals(0, api.delete("/v1/datasets?run_id=old").json().get("deleted").asInt());
        assertEquals(1, api.get("/v1/datasets/count").json().get("count").asInt());
    }

    @Test
    void using_a_trajectory_counts_and_stops_at_the_cap() {
        api.post("/v1/datasets", "{\"trajectory_id\":\"t\",\"used\":1}");

        assertEquals(2, api.post("/v1/trajectories/t/use", "").json().get("used").asInt());
        assertEquals(4, api.post("/v1/trajectories/t/use", "{\"by\":2}").json().get("used").asInt());
        ApiClient.Response capped = api.post("/v1/trajectories/t/use", "{\"max_used\":4}");
        assertEquals(409, capped.status());
        assertEquals("usage_limit_reached", capped.json().get("code").asText());
        assertEquals(4, api.get("/v1/trajectories/t").json().get("used").asInt());
        assertEquals(404, api.post("/v1/trajectories/none/use", "").status());
    }

    @Test
    void using_many_reports_each_outcome() {
        api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"a\"},{\"trajectory_id\":\"b\",\"used\":3}]}");

        JsonNode report = api.post("/v1/datasets/use", "{\"trajectory_ids\":[\"a\",\"b\",\"x\"],\"max_used\":3}").json();

        assertEquals(1, report.get("items").size());
        assertEquals(1, report.get("items").get(0).get("used").asInt());
        assertEquals("[\"x\"]", report.get("not_found").toString());
        assertEquals("[\"b\"]", report.get("at_limit").toString());
    }

    @Test
    void a_claim_takes_the_least_used_and_counts_each_once() {
        api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"a\",\"run_id\":\"r\",\"used\":2},{\"trajectory_id\":\"b\",\"run_id\":\"r\"},"
                + "{\"trajectory_id\":\"c\",\"run_id\":\"r\",\"used\":1,\"model_version\":3}]}");

        JsonNode claimed = api.post("/v1/claims", "{\"count\":2,\"run_id\":\"r\",\"max_used\":2}").json();

        assertEquals(List.of("b", "c"), claimed.get("items").findValuesAsText("trajectory_id"));
        assertEquals(1, claimed.get("items").get(0).get("used").asInt());
        JsonNode fresh = api.post("/v1/claims", "{\"count\":5,\"model_version_min\":3,\"order\":\"newest\"}").json();
        assertEquals(1, fresh.get("items").size());
        assertEquals("c", fresh.get("items").get(0).get("trajectory_id").asText());
        assertEquals(3, fresh.get("items").get(0).get("used").asInt());
        String capped = "{\"count\":5,\"run_id\":\"r\",\"max_used\":2}";
        assertEquals(List.of("b"), api.post("/v1/claims", capped).json().get("items").findValuesAsText("trajectory_id"));
        assertEquals(0, api.post("/v1/claims", capped).json().get("items").size());
    }

    @Test
    void health_metrics_and_docs_are_served() {
        JsonNode health = api.get("/health").json();
        assertEquals("up", health.get("status").asText());

        api.get("/v1/datasets/1");
        String metrics = api.get("/metrics").body();
        assertTrue(metrics.contains("http_server_requests_seconds_bucket"), metrics.substring(0, 200));
        assertTrue(metrics.contains("route=\"/v1/datasets/{id}\""));
        assertTrue(metrics.contains("jvm_memory_used_bytes"));

        ApiClient.Response docs = api.get("/docs");
        assertEquals(200, docs.status());
        assertTrue(docs.body().contains("swagger-ui-bundle.js"));
        assertEquals(200, api.get("/webjars/swagger-ui/" + DatasetHttpServer.SWAGGER_UI_VERSION + "/swagger-ui-bundle.js").status());
        assertTrue(api.get("/openapi.yaml").body().startsWith("openapi: 3.1"));
    }

    @Test
    void unknown_routes_are_404_problems() {
        ApiClient.Response none = api.get("/v2/nothing");
        assertEquals(404, none.status());
        assertEquals("application/problem+json", none.contentType());
        assertFalse(none.body().contains("Exception"));
    }

    @Test
    void served_routes_are_listed() {
        List<String> routes = running.server.routeSignatures();
        assertTrue(routes.contains("GET /v1/datasets/{id}"));
        assertTrue(routes.contains("POST /v1/trajectories/{trajectory_id}/use"));
    }
}
