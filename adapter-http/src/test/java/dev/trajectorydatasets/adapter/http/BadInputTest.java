package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a caller can get a request wrong gets a 4xx problem that names what was wrong, and the store is
 * exactly as it was before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    // One server for every case: each case asserts the store unchanged, so none can leak into the next.
    private final RunningServer running = RunningServer.inMemory();
    private final ApiClient api = running.api;
    private String before;

    @BeforeAll
    void seed() {
        api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"kept\",\"run_id\":\"r\",\"used\":2},{\"trajectory_id\":\"other\",\"run_id\":\"r\"}]}");
    }

    @BeforeEach
    void remember() {
        before = snapshot();
    }

    @AfterAll
    void stop() {
        running.close();
    }

    private String snapshot() {
        return api.get("/v1/datasets?limit=10000").body();
    }

    static Stream<Arguments> badRequests() {
        String tooLong = "x".repeat(256);
        String tooMany = IntStream.range(0, 10_001).mapToObj(i -> "{\"trajectory_id\":\"n" + i + "\"}").collect(Collectors.joining(",", "{\"items\":[", "]}"));
        return Stream.of(
                // method, path, body, status, code, field
                Arguments.of("POST", "/v1/datasets", "{\"trajectory_id\":", 400, "invalid_request", "body"),
                Arguments.of("POST", "/v1/datasets", "not json", 400, "invalid_request", "body"),
                Arguments.of("POST", "/v1/datasets", "", 400, "invalid_request", "body"),
                Arguments.of("POST", "/v1/datasets", "null", 400, "invalid_request", "body"),
                Arguments.of("POST", "/v1/datasets", "[1,2]", 400, "invalid_request", "body"),
                Arguments.of("POST", "/v1/datasets", "{\"trajectory_id\":\"n\",\"used\":\"5\"}", 400, "invalid_request", "used"),
                Arguments.of("POST", "/v1/datasets", "{\"trajectory_id\":\"n\",\"used\":1.5}", 400, "invalid_request", "used"),
                Arguments.of("POST", "/v1/datasets", "{\"trajectory_id\":7}", 400, "invalid_request", "trajectory_id"),
                Arguments.of("POST", "/v1/datasets", "{\"run_id\":\"r\"}", 400, "invalid_request", "trajectory_id"),
                Arguments.of("POST", "/v1/datasets", "{\"trajectory_id\":\"n\",\"used\":-1}", 400, "invalid_request", "used"),
                Arguments.of("POST", "/v1/datasets", "{\"trajectory_id\":\"n\",\"used\":3000000000}", 400, "invalid_request", "used"),
                Arguments.of("POST", "/v1/datasets", "{\"trajectory_id\":\"" + tooLong + "\"}", 400, "invalid_request", "trajectory_id"),
                Arguments.of("POST", "/v1/datasets", "{\"trajectory_id\":\"  \"}", 400, "invalid_request", "trajectory_id"),
                Arguments.of("POST", "/v1/datasets", "{\"trajectory_id\":\"a\\u0000b\"}", 400, "invalid_request", "trajectory_id"),
                Arguments.of("POST", "/v1/datasets", "{\"trajectory_id\":\"n\",\"run\":\"r\"}", 400, "invalid_request", "run"),
                Arguments.of("POST", "/v1/datasets", "{\"trajectory_id\":\"n\",\"trajectory_id\":\"m\"}", 400, "invalid_request", "body"),
                Arguments.of("POST", "/v1/datasets", "{\"trajectory_id\":\"n\",\"id\":5}", 400, "invalid_request", "id"),
                Arguments.of("POST", "/v1/datasets?x=1", "{\"trajectory_id\":\"n\"}", 400, "invalid_request", "x"),
                Arguments.of("POST", "/v1/datasets/batch", tooMany, 400, "invalid_request", "items"),
                Arguments.of("POST", "/v1/datasets/batch", "{}", 400, "invalid_request", "items"),
                Arguments.of("POST", "/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"n1\"},{\"used\":1}]}", 400, "invalid_request", "items[1].trajectory_id"),
                Arguments.of("POST", "/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"n1\",\"usedd\":1}]}", 400, "invalid_request", "items[0].usedd"),
                Arguments.of("GET", "/v1/datasets/abc", null, 400, "invalid_request", "id"),
                Arguments.of("GET", "/v1/datasets/-4", null, 400, "invalid_request", "id"),
                Arguments.of("GET", "/v1/datasets?limit=10001", null, 400, "invalid_request", "limit"),
                Arguments.of("GET", "/v1/datasets?limit=0", null, 400, "invalid_request", "limit"),
                Arguments.of("GET", "/v1/datasets?offset=-1", null, 400, "invalid_request", "offset"),
                Arguments.of("GET", "/v1/datasets?after_id=x", null, 400, "invalid_request", "after_id"),
                Arguments.of("GET", "/v1/datasets?usage_time_maxx=3", null, 400, "invalid_request", "usage_time_maxx"),
                Arguments.of("GET", "/v1/datasets?usage_time_min=a", null, 400, "invalid_request", "usage_time_min"),
                Arguments.of("GET", "/v1/datasets?usage_time_min=5&usage_time_max=2", null, 400, "invalid_request", "usage_time_min"),
                Arguments.of("GET", "/v1/datasets?created_after=yesterday", null, 400, "invalid_request", "created_after"),
                Arguments.of("GET", "/v1/datasets?created_before=2026-11-27", null, 400, "invalid_request", "created_before"),
                Arguments.of("GET", "/v1/datasets?run_id=a&run_id=b", null, 400, "invalid_request", "run_id"),
                Arguments.of("GET", "/v1/datasets/count?limit=3", null, 400, "invalid_request", "limit"),
                Arguments.of("GET", "/v1/datasets/stats?usage_time_min=1", null, 400, "invalid_request", "usage_time_min"),
                Arguments.of("PATCH", "/v1/trajectories/kept", "{\"used\":-3}", 400, "invalid_request", "used"),
                Arguments.of("PATCH", "/v1/trajectories/kept", "{\"id\":99}", 400, "invalid_request", "id"),
                Arguments.of("PATCH", "/v1/trajectories/kept", "{\"trajectory_id\":\"new\"}", 400, "invalid_request", "trajectory_id"),
                Arguments.of("PATCH", "/v1/trajectories/kept", "{\"usage_time\":3}", 400, "invalid_request", "usage_time"),
                Arguments.of("PATCH", "/v1/trajectories/kept", "{}", 400, "invalid_request", "changes"),
                Arguments.of("PATCH", "/v1/trajectories/kept", "{\"used\":\"7\"}", 400, "invalid_request", "used"),
                Arguments.of("PATCH", "/v1/trajectories/kept", "{\"run_id\":5}", 400, "invalid_request", "run_id"),
                Arguments.of("PATCH", "/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"kept\",\"used\":9},{\"trajectory_id\":\"other\",\"bogus\":1}]}", 400, "invalid_request", "items[1].bogus"),
                Arguments.of("PATCH", "/v1/datasets/batch", "{\"items\":[{\"used\":9}]}", 400, "invalid_request", "items[0].trajectory_id"),
                Arguments.of("DELETE", "/v1/datasets", null, 400, "invalid_request", "run_id"),
                Arguments.of("DELETE", "/v1/datasets?runid=r", null, 400, "invalid_request", "runid"),
                Arguments.of("POST", "/v1/trajectories/kept/use", "{\"by\":-1}", 400, "invalid_request", "by"),
                Arguments.of("POST", "/v1/trajectories/kept/use", "{\"by\":0}", 400, "invalid_request", "by"),
                Arguments.of("POST", "/v1/trajectories/kept/use", "{\"max_used\":-1}", 400, "invalid_request", "max_used"),
                Arguments.of("POST", "/v1/trajectories/kept/use", "{\"times\":1}", 400, "invalid_request", "times"),
                Arguments.of("POST", "/v1/datasets/use", "{\"trajectory_ids\":[\"kept\",\"\"]}", 400, "invalid_request", "trajectory_ids[1]"),
                Arguments.of("POST", "/v1/datasets/use", "{}", 400, "invalid_request", "trajectory_ids"),
                Arguments.of("POST", "/v1/claims", "{\"count\":0}", 400, "invalid_request", "count"),
                Arguments.of("POST", "/v1/claims", "{\"count\":10001}", 400, "invalid_request", "count"),
                Arguments.of("POST", "/v1/claims", "{}", 400, "invalid_request", "count"),
                Arguments.of("POST", "/v1/claims", "{\"count\":2,\"order\":\"fifo\"}", 400, "invalid_request", "order"),
                Arguments.of("POST", "/v1/claims", "{\"count\":2,\"max_used\":-1}", 400, "invalid_request", "max_used"),
                Arguments.of("POST", "/v1/claims", "{\"count\":2,\"limit\":5}", 400, "invalid_request", "limit"),
                Arguments.of("GET", "/v1/runs/r/timeline?bucket_seconds=0", null, 400, "invalid_request", "bucket_seconds"),
                Arguments.of("GET", "/v1/runs/r/timeline?bucket_seconds=99999999999", null, 400, "invalid_request", "bucket_seconds"),
                Arguments.of("GET", "/v1/runs/r/timeline?bucket_seconds=x", null, 400, "invalid_request", "bucket_seconds"),
                Arguments.of("GET", "/v1/runs/r/timeline?bucket_seconds=1&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", null, 400,
                        "invalid_request", "bucket_seconds"),
                Arguments.of("GET", "/v1/runs/r/timeline?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", null, 400, "invalid_request", "from"),
                Arguments.of("GET", "/v1/runs/r/timeline?from=yesterday", null, 400, "invalid_request", "from"),
                Arguments.of("GET", "/v1/runs/r/timeline?from=0000-01-01T00:00:00Z&bucket_seconds=2592000", null, 400, "invalid_request", "from"),
                Arguments.of("GET", "/v1/runs/r/timeline?bucket=60", null, 400, "invalid_request", "bucket"),
                Arguments.of("GET", "/v1/runs/r/used-histogram?limit=0", null, 400, "invalid_request", "limit"),
                Arguments.of("GET", "/v1/runs/r/used-histogram?after_used=1.5", null, 400, "invalid_request", "after_used"),
                Arguments.of("POST", "/v1/datasets", "{\"trajectory_id\":\"kept\"}", 409, "duplicate_trajectory", null),
                Arguments.of("GET", "/v1/trajectories/absent", null, 404, "not_found", null),
                Arguments.of("PUT", "/v1/datasets", "{}", 404, "not_found", null));
    }

    @ParameterizedTest(name = "{0} {1} -> {3} {5}")
    @MethodSource("badRequests")
    void a_bad_request_is_a_named_4xx_and_changes_nothing(String method, String path, String body, int status,
                                                           String code, String field) {
        ApiClient.Response response = api.send(method, path, body);

        assertEquals(status, response.status(), response.body());
        assertEquals("application/problem+json", response.contentType());
        JsonNode problem = response.json();
        assertEquals(code, problem.get("code").asText());
        assertEquals(status, problem.get("status").asInt());
        assertTrue(problem.hasNonNull("title") && problem.hasNonNull("detail"));
        if (field != null) {
            assertEquals(field, problem.path("field").asText(), problem.toString());
        }
        assertFalse(response.body().contains("Exception"), response.body());
        assertFalse(response.body().contains("at dev."), response.body());
        assertEquals(before, snapshot());
    }

    @Test
    void a_body_over_16_mib_is_413_and_changes_nothing() {
        byte[] huge = new byte[17 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';

        ApiClient.Response response = api.send("POST", "/v1/datasets/batch", HttpRequest.BodyPublishers.ofByteArray(huge));

        assertEquals(413, response.status());
        assertEquals("payload_too_large", response.json().get("code").asText());
        assertEquals(before, snapshot());
    }
}
