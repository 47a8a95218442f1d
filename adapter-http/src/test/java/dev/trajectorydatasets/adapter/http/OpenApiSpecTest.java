package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written OpenAPI document stays true: it documents exactly the served routes, and real responses of
 * every operation (successes and failures) validate against the schema it gives for their status.
 */
class OpenApiSpecTest {

    private static final String SPEC_URI = "https://trajectory-datasets.invalid/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "post", "patch", "delete", "put", "head", "options");

    private final RunningServer running = RunningServer.inMemory();
    private final ApiClient api = running.api;
    private final JsonNode spec;
    private final SchemaRegistry schemas;

    OpenApiSpecTest() throws IOException {
        spec = new YAMLMapper().readTree(api.get("/openapi.yaml").body());
        String specJson = new ObjectMapper().writeValueAsString(spec);
        schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(SPEC_URI, specJson)));
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void the_document_lists_exactly_the_served_routes() {
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    documented.add(method.toUpperCase() + " " + path.getKey());
                }
            });
        }

        assertEquals(new TreeSet<>(running.server.routeSignatures()), documented);
        assertTrue(spec.get("openapi").asText().startsWith("3.1"));
    }

    @Test
    void the_served_document_is_every_part_in_order() throws IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
                java.nio.file.Path.of("src/main/resources/dev/trajectorydatasets/adapter/http/openapi"))) {
            assertEquals(files.map(file -> file.getFileName().toString()).sorted().toList(), DatasetHttpServer.OPENAPI_PARTS,
                    "every part of the OpenAPI document is served, in name order");
        }
    }

    @Test
    void real_responses_of_every_operation_match_their_documented_schemas() {
        check("POST", "/v1/datasets", api.post("/v1/datasets", "{\"trajectory_id\":\"a\",\"run_id\":\"r\"}"), 201);
        check("POST", "/v1/datasets", api.post("/v1/datasets", "{\"trajectory_id\":\"a\"}"), 409);
        check("POST", "/v1/datasets", api.post("/v1/datasets", "{\"trajectory_id\":\"b\",\"used\":\"x\"}"), 400);
        check("POST", "/v1/datasets/batch", api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"b\"},{\"trajectory_id\":\"c\",\"run_id\":\"r\",\"used\":2}]}"), 201);
        check("GET", "/v1/datasets", api.get("/v1/datasets?run_id=r&limit=1"), 200);
        check("GET", "/v1/datasets", api.get("/v1/datasets?bogus=1"), 400);
        check("GET", "/v1/datasets/count", api.get("/v1/datasets/count?usage_time_max=1"), 200);
        check("GET", "/v1/datasets/stats", api.get("/v1/datasets/stats"), 200);
        check("GET", "/v1/datasets/{id}", api.get("/v1/datasets/1"), 200);
        check("GET", "/v1/datasets/{id}", api.get("/v1/datasets/999"), 404);
        check("GET", "/v1/datasets/{id}", api.get("/v1/datasets/x"), 400);
        check("GET", "/v1/trajectories/{trajectory_id}", api.get("/v1/trajectories/a"), 200);
        check("PATCH", "/v1/trajectories/{trajectory_id}", api.patch("/v1/trajectories/a", "{\"run_id\":null,\"used\":3}"), 200);
        check("PATCH", "/v1/datasets/batch", api.patch("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"b\",\"used\":1},{\"trajectory_id\":\"z\",\"used\":1}]}"), 200);
        check("POST", "/v1/trajectories/{trajectory_id}/use", api.post("/v1/trajectories/a/use", "{\"max_used\":4}"), 200);
        check("POST", "/v1/trajectories/{trajectory_id}/use", api.post("/v1/trajectories/a/use", "{\"max_used\":4}"), 409);
        check("POST", "/v1/datasets/use", api.post("/v1/datasets/use", "{\"trajectory_ids\":[\"a\",\"b\",\"q\"],\"max_used\":4}"), 200);
        check("POST", "/v1/claims", api.post("/v1/claims", "{\"count\":2,\"run_id\":\"r\",\"max_used\":9,\"order\":\"oldest\"}"), 200);
        check("POST", "/v1/claims", api.post("/v1/claims", "{\"count\":0}"), 400);
        check("POST", "/v1/datasets/batch", api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"g1\",\"run_id\":\"r\",\"task_id\":\"t\",\"reward\":1,\"attributes\":{\"trace_id\":\"x\"}},{\"trajectory_id\":\"g2\",\"run_id\":\"r\",\"task_id\":\"t\",\"reward\":0}]}"), 201);
        check("POST", "/v1/runs/{run_id}/checkpoints", api.post("/v1/runs/r/checkpoints", "{\"path\":\"/ckpt/0\",\"initial\":true}"), 201);
        check("POST", "/v1/runs/{run_id}/checkpoints", api.post("/v1/runs/r/checkpoints", "{\"path\":\"/ckpt/0\",\"initial\":true}"), 409);
        check("POST", "/v1/runs/{run_id}/checkpoints", api.post("/v1/runs/r/checkpoints", "{\"initial\":false}"), 400);
        check("GET", "/v1/runs/{run_id}/checkpoints", api.get("/v1/runs/r/checkpoints?latest=2"), 200);
        check("GET", "/v1/runs", api.get("/v1/runs?limit=5"), 200);
        check("GET", "/v1/runs/{run_id}/tasks", api.get("/v1/runs/r/tasks?group_size=2&latest_checkpoints=1&mixed_rewards=true"), 200);
        check("GET", "/v1/runs/{run_id}/tasks", api.get("/v1/runs/r/tasks?mixed_rewards=yes"), 400);
        check("GET", "/v1/runs/{run_id}/model-versions", api.get("/v1/runs/r/model-versions"), 200);
        check("GET", "/v1/runs/{run_id}/timeline", api.get("/v1/runs/r/timeline?bucket_seconds=60"), 200);
        check("GET", "/v1/runs/{run_id}/timeline", api.get("/v1/runs/r/timeline?bucket_seconds=0"), 400);
        check("GET", "/v1/runs/{run_id}/used-histogram", api.get("/v1/runs/r/used-histogram?limit=1"), 200);
        check("GET", "/v1/runs/{run_id}/used-histogram", api.get("/v1/runs/r/used-histogram?after_used=x"), 400);
        check("GET", "/v1/runs/{run_id}/reward-distribution", api.get("/v1/runs/r/reward-distribution?bins=4"), 200);
        check("GET", "/v1/runs/{run_id}/reward-distribution", api.get("/v1/runs/r/reward-distribution?low=1&high=0"), 400);
        check("POST", "/v1/group-claims", api.post("/v1/group-claims", "{\"run_id\":\"r\",\"group_size\":2,\"latest_checkpoints\":1,\"mixed_rewards\":true}"), 200);
        check("POST", "/v1/group-claims", api.post("/v1/group-claims", "{\"run_id\":\"r\",\"group_size\":0}"), 400);
        check("GET", "/v1/trajectories/{trajectory_id}/history", api.get("/v1/trajectories/g1/history"), 200);
        check("GET", "/v1/usage-events", api.get("/v1/usage-events?run_id=r&limit=5"), 200);
        check("POST", "/v1/trajectories/{trajectory_id}/use", api.postWithKey("/v1/trajectories/g1/use", "k1", "{\"consumer\":\"t\"}"), 200);
        check("POST", "/v1/trajectories/{trajectory_id}/use", api.postWithKey("/v1/trajectories/g1/use", "k1", "{\"by\":2}"), 422);
        check("POST", "/v1/datasets/batch", api.post("/v1/datasets/batch", "{\"on_conflict\":\"skip\",\"items\":[{\"trajectory_id\":\"g1\"}]}"), 201);
        check("POST", "/v1/datasets", api.post("/v1/datasets", "{\"trajectory_id\":\"g1\",\"on_conflict\":\"skip\"}"), 200);
        check("POST", "/v1/datasets/batch", api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"l1\",\"run_id\":\"lr\",\"task_id\":\"t\"},"
                + "{\"trajectory_id\":\"l2\",\"run_id\":\"lr\",\"task_id\":\"t\"},{\"trajectory_id\":\"l3\",\"run_id\":\"lr\",\"task_id\":\"u\"},"
                + "{\"trajectory_id\":\"l4\",\"run_id\":\"lr\",\"task_id\":\"u\"}]}"), 201);
        ApiClient.Response leased = api.post("/v1/claims", "{\"count\":1,\"run_id\":\"lr\",\"order\":\"oldest\",\"lease_seconds\":60}");
        check("POST", "/v1/claims", leased, 200);
        String lease = "/v1/leases/" + leased.json().get("lease_id").asLong();
        check("GET", "/v1/leases/{lease_id}", api.get(lease), 200);
        check("GET", "/v1/leases/{lease_id}", api.get("/v1/leases/999999"), 404);
        check("GET", "/v1/leases/{lease_id}", api.get("/v1/leases/x"), 400);
        check("POST", "/v1/leases/{lease_id}/extend", api.post(lease + "/extend", "{\"lease_seconds\":120}"), 200);
        check("POST", "/v1/leases/{lease_id}/extend", api.post(lease + "/extend", "{\"lease_seconds\":0}"), 400);
        check("POST", "/v1/leases/{lease_id}/ack", api.post(lease + "/ack", ""), 200);
        check("POST", "/v1/leases/{lease_id}/ack", api.post(lease + "/ack", "{\"trajectory_ids\":[\"l9\"]}"), 400);
        check("POST", "/v1/leases/{lease_id}/release", api.post(lease + "/release", "{\"trajectory_ids\":[\"l1\"]}"), 200);
        check("POST", "/v1/leases/{lease_id}/ack", api.post("/v1/leases/999999/ack", ""), 404);
        ApiClient.Response groups = api.post("/v1/group-claims", "{\"run_id\":\"lr\",\"group_size\":2,\"lease_seconds\":60}");
        check("POST", "/v1/group-claims", groups, 200);
        String groupLease = "/v1/leases/" + groups.json().get("lease_id").asLong();
        check("POST", "/v1/leases/{lease_id}/release", api.post(groupLease + "/release", ""), 200);
        check("POST", "/v1/leases/{lease_id}/ack", api.post(groupLease + "/ack", ""), 200);
        check("GET", "/v1/leases", api.get("/v1/leases?consumer=t1&state=all"), 200);
        check("GET", "/v1/leases", api.get("/v1/leases?consumer=t1&state=bogus"), 400);
        api.post("/v1/datasets", "{\"trajectory_id\":\"d1\",\"run_id\":\"dr\"}");
        ApiClient.Response doomed = api.post("/v1/claims", "{\"count\":1,\"run_id\":\"dr\",\"lease_seconds\":60,\"consumer\":\"t1\"}");
        check("GET", "/v1/leases", api.get("/v1/leases?consumer=t1"), 200);
        api.delete("/v1/trajectories/" + doomed.json().get("items").get(0).get("trajectory_id").asText());
        check("POST", "/v1/leases/{lease_id}/ack", api.post("/v1/leases/" + doomed.json().get("lease_id").asLong() + "/ack", ""), 409);
        check("POST", "/v1/consumers/{consumer}/release", api.post("/v1/consumers/t1/release", ""), 200);
        check("POST", "/v1/consumers/{consumer}/release", api.post("/v1/consumers/" + "x".repeat(256) + "/release", ""), 400);
        ApiClient.Response combined = api.post("/v1/claims", "{\"count\":1,\"run_id\":\"lr\",\"lease_seconds\":60,\"acknowledge_lease_id\":"
                + groups.json().get("lease_id").asLong() + "}");
        check("POST", "/v1/claims", combined, 200);
        check("POST", "/v1/group-claims", api.post("/v1/group-claims", "{\"run_id\":\"lr\",\"group_size\":2,\"wait_ms\":30001}"), 400);
        check("DELETE", "/v1/datasets", api.delete("/v1/datasets?run_id=r&task_id=t"), 200);
        check("DELETE", "/v1/trajectories/{trajectory_id}", api.delete("/v1/trajectories/b"), 204);
        check("DELETE", "/v1/trajectories/{trajectory_id}", api.delete("/v1/trajectories/b"), 404);
        check("DELETE", "/v1/datasets", api.delete("/v1/datasets?run_id=r"), 200);
        check("GET", "/health", api.get("/health"), 200);
        check("GET", "/metrics", api.get("/metrics"), 200);
        check("GET", "/docs", api.get("/docs"), 200);
        check("GET", "/ui", api.get("/ui"), 200);
    }

    /** The response has the expected status, that status is documented, and the body fits its schema. */
    private void check(String method, String template, ApiClient.Response response, int expectedStatus) {
        assertEquals(expectedStatus, response.status(), method + " " + template + ": " + response.body());
        String operation = "/paths/" + escape(template) + "/" + method.toLowerCase();
        JsonNode documented = spec.at(operation + "/responses/" + response.status());
        assertTrue(!documented.isMissingNode(), method + " " + template + " does not document " + response.status());
        String responsePointer = operation + "/responses/" + response.status();
        if (documented.has("$ref")) {
            responsePointer = documented.get("$ref").asText().substring(1);
            documented = spec.at(responsePointer);
        }
        if (!documented.has("content")) {
            assertTrue(response.body().isEmpty(), "undocumented body: " + response.body());
            return;
        }
        String mediaType = response.contentType().split(";")[0].trim();
        assertTrue(documented.get("content").has(mediaType), method + " " + template + " does not document " + mediaType);
        if (!mediaType.endsWith("json")) {
            return;
        }
        Schema schema = schemas.getSchema(SchemaLocation.of(SPEC_URI + "#" + responsePointer + "/content/" + escape(mediaType) + "/schema"));
        List<Error> errors = schema.validate(response.body(), InputFormat.JSON);
        assertTrue(errors.isEmpty(), method + " " + template + " " + response.status() + ": " + errors + " in " + response.body());
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }
}
