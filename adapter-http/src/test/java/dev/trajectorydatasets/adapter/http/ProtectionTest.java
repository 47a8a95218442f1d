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

    @Test
    void the_scheme_is_case_insensitive_and_two_authorization_headers_are_refused() {
        int port = running.server.port();
        RawHttp.Answer lower = RawHttp.send(port, "GET /v1/datasets HTTP/1.1\r\nHost: x\r\nAuthorization: bearer " + TOKEN + "\r\n\r\n");
        RawHttp.Answer upper = RawHttp.send(port, "GET /v1/datasets HTTP/1.1\r\nHost: x\r\nAuthorization: BEARER " + TOKEN + "\r\n\r\n");
        RawHttp.Answer twice = RawHttp.send(port, "GET /v1/datasets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                + "\r\nAuthorization: Bearer wrong\r\n\r\n");
        RawHttp.Answer twiceValid = RawHttp.send(port, "GET /v1/datasets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                + "\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n");

        assertEquals(200, lower.status(), lower.head());
        assertEquals(200, upper.status(), upper.head());
        assertEquals(401, twice.status(), twice.head());
        assertEquals(401, twiceValid.status(), twiceValid.head());
    }

    @Test
    void health_names_the_store_and_version_only_to_a_caller_with_the_token() {
        assertEquals("{\"status\":\"up\"}", anonymous.get("/health").body());

        ApiClient.Response detailed = running.api.get("/health");
        assertEquals("memory", detailed.json().get("store").asText());
        assertEquals("test", detailed.json().get("version").asText());
    }
}
