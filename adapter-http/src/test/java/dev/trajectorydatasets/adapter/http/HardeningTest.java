package dev.trajectorydatasets.adapter.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an adversarial probe broke, each now a regression test: every answer a clear problem, the store unchanged. */
class HardeningTest {

    private final RunningServer running = RunningServer.inMemory();
    private final ApiClient api = running.api;
    private final int port = running.server.port();

    @AfterEach
    void stop() {
        running.close();
    }

    private void seed() {
        assertEquals(201, api.post("/v1/datasets/batch",
                "{\"items\":[{\"trajectory_id\":\"a\",\"run_id\":\"r\"},{\"trajectory_id\":\"b\",\"run_id\":\"other\"}]}").status());
    }

    private long count() {
        return api.get("/v1/datasets/count").json().get("count").asLong();
    }

    private static void assertProblem(int status, String code, ApiClient.Response response) {
        assertEquals(status, response.status(), response.body());
        assertEquals("application/problem+json", response.contentType());
        assertEquals(code, response.json().get("code").asText(), response.body());
    }

    // ---- 5. malformed query strings ----

    @ParameterizedTest
    @ValueSource(strings = {"run_id=r%", "run_id=%zz", "run_id=%2", "run_id=%C0%AF", "limit=%zz"})
    void a_malformed_escape_in_the_query_is_a_400_naming_the_parameter(String query) {
        seed();
        String name = query.substring(0, query.indexOf('='));

        RawHttp.Answer count = RawHttp.send(port, "GET /v1/datasets/count?" + query + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        RawHttp.Answer delete = RawHttp.send(port, "DELETE /v1/datasets?" + query + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertEquals(400, count.status(), count.head());
        assertTrue(count.contentType().startsWith("application/problem+json"), count.head());
        assertTrue(count.body().contains("\"field\":\"" + name + "\""), count.body());
        assertEquals(400, delete.status(), delete.head());
        assertEquals(2, count());
    }

    @Test
    void escapes_that_are_well_formed_still_decode() {
        assertEquals(201, api.post("/v1/datasets", "{\"trajectory_id\":\"t\",\"run_id\":\"r a/ü\"}").status());
        assertEquals(1, api.get("/v1/datasets/count?run_id=r+a%2F%C3%BC").json().get("count").asLong());
    }

    // ---- 6. timestamps outside what every store holds ----

    @ParameterizedTest
    @ValueSource(strings = {"created_after=9999-12-31T23:59:59-00:01", "created_before=%2B10000-01-01T00:00:00Z",
            "created_after=0000-12-31T23:59:59Z"})
    void an_instant_outside_the_storable_range_is_a_400(String query) {
        ApiClient.Response response = api.get("/v1/datasets/count?" + query);

        assertProblem(400, "invalid_request", response);
        assertEquals(query.substring(0, query.indexOf('=')), response.json().get("field").asText());
    }

    // ---- 7. memory under large bodies ----

    @Test
    void a_body_of_countless_tiny_items_is_refused_without_building_them() {
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 300_000; i++) {
            body.append(i == 0 ? "{}" : ",{}");
        }
        body.append("]}");

        assertProblem(400, "invalid_request", api.post("/v1/datasets/batch", body.toString()));
        assertEquals(0, count());
    }

    @Test
    void many_concurrent_near_limit_bodies_get_clean_answers_never_a_500() throws Exception {
        byte[] big = ("{\"items\":[{\"trajectory_id\":\"" + "x".repeat(15 * 1024 * 1024) + "\"}]}").getBytes(StandardCharsets.UTF_8);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/datasets/batch"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString())));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(90, TimeUnit.SECONDS);
                assertTrue(response.statusCode() == 400 || response.statusCode() == 503, response.statusCode() + " " + response.body());
                assertTrue(response.body().contains("\"code\""), response.body());
                if (response.statusCode() == 503) {
                    assertTrue(response.body().contains("server_busy"), response.body());
                    assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, count());
    }

    // ---- 8. broken bodies on the wire ----

    @Test
    void a_body_shorter_than_its_content_length_is_a_400() {
        RawHttp.Answer answer = RawHttp.send(port, "POST /v1/datasets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"traj");

        assertEquals(400, answer.status(), answer.head());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.head());
        assertEquals(0, count());
    }

    @Test
    void an_absurd_chunk_size_is_a_400() {
        RawHttp.Answer answer = RawHttp.send(port, "POST /v1/datasets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n");

        assertEquals(400, answer.status(), answer.head());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.head());
    }

    @Test
    void a_huge_chunk_extension_is_a_400() {
        RawHttp.Answer answer = RawHttp.send(port, "POST /v1/datasets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n2;" + "e".repeat(100_000) + "\r\n{}\r\n0\r\n\r\n");

        assertTrue(answer.status() == 400 || answer.status() == 413 || answer.status() == 431, answer.head());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.head());
    }

    // ---- 9. Jetty's own error pages ----

    @Test
    void an_ambiguous_uri_is_problem_json_that_echoes_nothing() {
        RawHttp.Answer answer = RawHttp.send(port, "GET /v1/datasets/..;/secret-marker HTTP/1.1\r\nHost: x\r\n\r\n");

        assertEquals(400, answer.status(), answer.head());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.head());
        assertFalse(answer.body().contains("secret-marker"), answer.body());
    }

    @Test
    void an_overlong_uri_and_overlong_headers_are_problem_json() {
        RawHttp.Answer uri = RawHttp.send(port, "GET /v1/datasets?run_id=" + "u".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttp.Answer headers = RawHttp.send(port, "GET /v1/datasets HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(20_000) + "\r\n\r\n");

        assertEquals(414, uri.status(), uri.head());
        assertTrue(uri.contentType().startsWith("application/problem+json"), uri.head());
        assertFalse(uri.body().contains("uuuuuuuu"));
        assertEquals(431, headers.status(), headers.head());
        assertTrue(headers.contentType().startsWith("application/problem+json"), headers.head());
    }

    @Test
    void an_answer_given_before_the_body_arrived_says_connection_close_and_a_route_waits_for_the_body() {
        String body = "{\"trajectory_ids\":[\"kept\"],\"by\":1}";
        // Jetty refuses the URI before any route: the body, still on its way, is never read, and the connection ends.
        RawHttp.LateBody refusedUri = RawHttp.lateBody(port, "POST /v1/trajectories/a%00b/use", body);
        // A route refuses after reading the body: the connection serves the next request.
        RawHttp.LateBody refusedByRoute = RawHttp.lateBody(port, "POST /v1/claims", "{\"by\":\"nothing\"}");

        assertEquals(400, refusedUri.first().status(), refusedUri.first().head());
        assertEquals("close", refusedUri.first().header("Connection"), "a keep-alive client would send its next request into a "
                + "connection the server closes: " + refusedUri.first().head());
        assertEquals(400, refusedByRoute.first().status(), refusedByRoute.first().head());
        assertFalse(refusedByRoute.early(), "a route answers after the body arrived");
        assertEquals(200, refusedByRoute.next().status(), refusedByRoute.next().head());
    }

    // ---- 10. requests that should not be accepted ----

    @Test
    void a_body_that_is_not_declared_json_is_a_415_and_changes_nothing() {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1")) {
            ApiClient.Response response = api.send("POST", "/v1/datasets", HttpRequest.BodyPublishers.ofString("{\"trajectory_id\":\"t\"}"), type);
            assertProblem(415, "unsupported_media_type", response);
        }
        assertEquals(201, api.send("POST", "/v1/datasets", HttpRequest.BodyPublishers.ofString("{\"trajectory_id\":\"t\"}"),
                "Application/JSON; charset=UTF-8").status());
        assertEquals(1, count());
    }

    @Test
    void an_empty_use_needs_no_content_type() {
        seed();
        assertEquals(200, api.send("POST", "/v1/trajectories/a/use", HttpRequest.BodyPublishers.noBody(), "text/plain").status());
    }

    @Test
    void an_overlong_utf8_sequence_is_rejected_not_read_as_a_slash() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"trajectory_id\":\"a".getBytes(StandardCharsets.US_ASCII));
        body.write(0xC0);
        body.write(0xAF);
        body.writeBytes("b\"}".getBytes(StandardCharsets.US_ASCII));

        assertProblem(400, "invalid_request", api.send("POST", "/v1/datasets", HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        assertEquals(404, api.get("/v1/trajectories/a%2Fb").status());
        assertEquals(0, count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1", "%D9%A1", "01x", "-1", "1.0"})
    void a_numeric_path_id_is_ascii_digits_only(String id) {
        seed();
        ApiClient.Response response = api.get("/v1/datasets/" + id);

        assertProblem(400, "invalid_request", response);
        assertEquals("id", response.json().get("field").asText());
    }

    // ---- 4. health says little without the token ----

    @Test
    void health_without_a_token_says_up_or_down_and_nothing_else() {
        ApiClient.Response health = running.anonymous().get("/health");

        assertEquals(200, health.status());
        assertEquals("{\"status\":\"up\"}", health.body());
        assertNull(health.json().get("store"));
    }
}
