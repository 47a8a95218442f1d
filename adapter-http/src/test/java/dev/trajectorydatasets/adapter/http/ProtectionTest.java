package dev.trajectorydatasets.adapter.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** With a token configured, only the open routes answer without it, however the request is spelt. */
class ProtectionTest {

    private static final String TOKEN = "t0ken-for-tests";

    private final RunningServer running = RunningServer.withToken(TOKEN);
    private final ApiClient anonymous = running.anonymous();

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void the_api_answers_with_the_token() {
        assertEquals(201, running.api.post("/v1/datasets", "{\"trajectory_id\":\"t\"}").status());
        assertEquals(200, running.api.get("/v1/datasets").status());
        assertEquals(200, running.api.get("/metrics").status());
    }

    @Test
    void open_routes_need_no_token() {
        assertEquals(200, anonymous.get("/health").status());
        assertEquals(200, anonymous.get("/openapi.yaml").status());
        assertEquals(200, anonymous.get("/docs").status());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /v1/datasets",
            "POST, /v1/datasets",
            "GET, /metrics",
            "HEAD, /v1/datasets",
            "OPTIONS, /v1/datasets",
            "GET, /v1/datasets/",
            "GET, //v1/datasets",
            "GET, /v1/trajectories/a%2Fb",
            "GET, /health/../v1/datasets",
            "GET, /webjars/../v1/datasets",
            "DELETE, /v1/datasets?run_id=r",
            "GET, /v2/unknown",
    })
    void everything_else_is_401_without_the_token(String method, String path) {
        running.api.post("/v1/datasets", "{\"trajectory_id\":\"kept\",\"run_id\":\"r\"}");

        ApiClient.Response response = anonymous.send(method, path, (String) null);

        assertNotEquals(200, response.status());
        assertNotEquals(201, response.status());
        assertNotEquals(500, response.status());
        assertEquals(1, running.manager.countDatasets());
    }

    @Test
    void a_wrong_token_is_401_with_a_problem_that_does_not_echo_it() {
        ApiClient.Response response = new ApiClient(running.server.port(), java.util.Optional.of("wrong-token")).get("/v1/datasets");

        assertEquals(401, response.status());
        assertEquals("unauthorized", response.json().get("code").asText());
        assertFalse(response.body().contains("wrong-token"));
        assertEquals("Bearer", response.header("WWW-Authenticate"));
    }
}
