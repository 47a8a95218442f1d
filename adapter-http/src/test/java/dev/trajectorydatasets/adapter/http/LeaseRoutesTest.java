package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.domain.DeafPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leases and waiting claims over HTTP on a real server. Waits are long (25 s); an answer expected from a wake-up must
 * come within 10 s, so it cannot be the deadline's, whatever the machine's speed.
 */
class LeaseRoutesTest {

    private final RunningServer running = RunningServer.inMemory();
    private final ApiClient api = running.api;

    @AfterEach
    void stop() {
        running.close();
    }

    private void rollouts(String run, String task, int count) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ",").append("{\"trajectory_id\":\"").append(run).append('-').append(task).append('-').append(i)
                    .append("\",\"run_id\":\"").append(run).append("\",\"task_id\":\"").append(task).append("\"}");
        }
        assertEquals(201, api.post("/v1/datasets/batch", "{\"items\":[" + items + "]}").status());
    }

    private int used(String trajectoryId) {
        return api.get("/v1/trajectories/" + trajectoryId).json().get("used").asInt();
    }

    private static <T> T within10s(CompletableFuture<T> answer) throws Exception {
        return answer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void a_leased_claim_counts_nothing_until_acknowledged_and_a_repeated_ack_counts_nothing_more() {
        rollouts("r", "t", 3);

        ApiClient.Response leased = api.post("/v1/claims", "{\"count\":2,\"run_id\":\"r\",\"order\":\"oldest\",\"lease_seconds\":60,\"consumer\":\"trainer-1\"}");

        assertEquals(200, leased.status(), leased.body());
        JsonNode body = leased.json();
        assertEquals(2, body.get("items").size());
        assertEquals(0, body.get("items").get(0).get("used").asInt());
        assertTrue(Instant.parse(body.get("expires_at").asText()).isAfter(Instant.now().plusSeconds(50)));
        String lease = "/v1/leases/" + body.get("lease_id").asLong();
        assertEquals(List.of("r-t-2"), ids(api.post("/v1/claims", "{\"count\":5,\"run_id\":\"r\",\"max_used\":1}").json().get("items")),
                "the leased rows are out of reach");

        ApiClient.Response ack = api.postWithKey(lease + "/ack", "ack-1", "");
        ApiClient.Response again = api.post(lease + "/ack", "");
        ApiClient.Response replay = api.postWithKey(lease + "/ack", "ack-1", "");

        assertEquals(200, ack.status(), ack.body());
        assertEquals(List.of("r-t-0", "r-t-1"), ids(ack.json().get("items")));
        assertEquals(List.of("r-t-0", "r-t-1"), texts(again.json().get("unchanged")));
        assertEquals(ack.body(), replay.body());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(1, used("r-t-0"));
        JsonNode history = api.get("/v1/trajectories/r-t-0/history").json().get("items").get(0);
        assertEquals("acknowledge", history.get("kind").asText());
        assertEquals("trainer-1", history.get("consumer").asText());
        assertEquals("ack-1", history.get("idempotency_key").asText());
        JsonNode seen = api.get(lease).json();
        assertEquals("acknowledged", seen.get("items").get(0).get("state").asText());
        assertFalse(seen.get("expired").asBoolean());
    }

    @Test
    void a_released_group_lease_gives_its_rows_back_and_a_late_ack_reports_them_unchanged() {
        rollouts("g", "a", 2);
        ApiClient.Response leased = api.post("/v1/group-claims", "{\"run_id\":\"g\",\"group_size\":2,\"lease_seconds\":60}");
        String lease = "/v1/leases/" + leased.json().get("lease_id").asLong();

        ApiClient.Response released = api.post(lease + "/release", "{\"trajectory_ids\":[\"g-a-0\",\"g-a-1\"]}");
        ApiClient.Response late = api.post(lease + "/ack", "");

        assertEquals(200, released.status(), released.body());
        assertEquals(2, released.json().get("items").size());
        assertEquals(200, late.status(), "nothing expired: the rows were given back, " + late.body());
        assertEquals(List.of("g-a-0", "g-a-1"), texts(late.json().get("unchanged")));
        assertEquals(List.of(), texts(late.json().get("lost")));
        assertEquals(0, late.json().get("items").size());
        assertEquals(0, used("g-a-0"));
        assertEquals(1, api.post("/v1/group-claims", "{\"run_id\":\"g\",\"group_size\":2}").json().get("groups").size());
    }

    @Test
    void a_claim_can_acknowledge_the_previous_step_in_the_same_request() {
        rollouts("p", "a", 2);
        rollouts("p", "b", 2);
        String step = "{\"run_id\":\"p\",\"group_size\":2,\"lease_seconds\":60";
        JsonNode first = api.post("/v1/group-claims", step + "}").json();
        long lease = first.get("lease_id").asLong();

        ApiClient.Response next = api.post("/v1/group-claims", step + ",\"acknowledge_lease_id\":" + lease + "}");

        assertEquals(200, next.status(), next.body());
        assertEquals(2, next.json().get("acknowledged").get("items").size());
        assertEquals("b", next.json().get("groups").get(0).get("task_id").asText());
        assertEquals(1, used("p-a-0"));
        assertEquals(0, used("p-b-0"), "the new step is leased, not counted");
        ApiClient.Response again = api.post("/v1/claims", "{\"count\":1,\"run_id\":\"p\",\"acknowledge_lease_id\":" + lease + "}");
        assertEquals(2, again.json().get("acknowledged").get("unchanged").size(), "acknowledging twice counts once");
        assertProblem(api.post("/v1/claims", "{\"count\":1,\"acknowledge_lease_id\":424242}"), 404, "lease_not_found", "lease_id");
        assertProblem(api.post("/v1/claims", "{\"count\":1,\"acknowledge_lease_id\":0}"), 400, "invalid_request", "acknowledge_lease_id");
    }

    @Test
    void bad_lease_requests_are_named_and_change_nothing() {
        rollouts("b", "t", 1);
        String lease = "/v1/leases/" + api.post("/v1/claims", "{\"count\":1,\"run_id\":\"b\",\"lease_seconds\":60}").json().get("lease_id").asLong();

        assertProblem(api.post("/v1/claims", "{\"count\":1,\"lease_seconds\":0}"), 400, "invalid_request", "lease_seconds");
        assertProblem(api.post("/v1/claims", "{\"count\":1,\"lease_seconds\":86401}"), 400, "invalid_request", "lease_seconds");
        assertProblem(api.post("/v1/claims", "{\"count\":2,\"min_count\":3}"), 400, "invalid_request", "min_count");
        assertProblem(api.post("/v1/claims", "{\"count\":1,\"wait_ms\":-1}"), 400, "invalid_request", "wait_ms");
        assertProblem(api.post(lease + "/ack", "{\"trajectory_ids\":[\"nope\"]}"), 400, "invalid_request", "trajectory_ids");
        assertProblem(api.post(lease + "/ack", "{\"trajectory_ids\":[\"\"]}"), 400, "invalid_request", "trajectory_ids[0]");
        assertProblem(api.post(lease + "/extend", "{}"), 400, "invalid_request", "lease_seconds");
        assertProblem(api.post("/v1/leases/0/ack", ""), 400, "invalid_request", "lease_id");
        assertProblem(api.post("/v1/leases/99999999999999999999/ack", ""), 400, "invalid_request", "lease_id");
        assertProblem(api.post("/v1/leases/424242/release", ""), 404, "lease_not_found", "lease_id");
        assertEquals(0, used("b-t-0"));
        assertEquals("held", api.get(lease).json().get("items").get(0).get("state").asText());
    }

    @Test
    void a_waiting_group_claim_is_answered_when_a_batch_create_on_the_same_server_makes_a_task_eligible() throws Exception {
        // Over a store whose polls see nothing: only the create's own wake-up can answer before the 25 s deadline.
        try (RunningServer deaf = RunningServer.over(DeafPort.of(new InMemoryDatasetStore()), true)) {
            ApiClient client = deaf.api;
            client.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"w-a-0\",\"run_id\":\"w\",\"task_id\":\"a\"}]}");
            CompletableFuture<ApiClient.Response> waiting = CompletableFuture.supplyAsync(() ->
                    client.post("/v1/group-claims", "{\"run_id\":\"w\",\"group_size\":2,\"wait_ms\":25000,\"lease_seconds\":60}"));
            awaitWaiters(deaf, 1);
            Thread.sleep(500);      // past the first poll's own try

            client.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"w-b-0\",\"run_id\":\"w\",\"task_id\":\"b\"},"
                    + "{\"trajectory_id\":\"w-b-1\",\"run_id\":\"w\",\"task_id\":\"b\"}]}");

            ApiClient.Response answer = within10s(waiting);
            assertEquals(200, answer.status(), answer.body());
            assertEquals("b", answer.json().get("groups").get(0).get("task_id").asText());
            assertTrue(answer.json().get("lease_id").asLong() > 0);
        }
    }

    @Test
    void a_waiting_claim_with_a_key_stores_only_the_answer_it_sent() throws Exception {
        CompletableFuture<ApiClient.Response> waiting = CompletableFuture.supplyAsync(() ->
                api.postWithKey("/v1/claims", "step-9", "{\"count\":2,\"run_id\":\"k\",\"min_count\":2,\"wait_ms\":25000}"));
        awaitWaiters(1);
        rollouts("k", "t", 1);
        Thread.sleep(300);
        assertFalse(waiting.isDone(), "one row is fewer than the minimum of two");

        rollouts("k", "u", 1);

        ApiClient.Response answer = within10s(waiting);
        assertEquals(2, answer.json().get("items").size(), answer.body());
        ApiClient.Response replay = api.postWithKey("/v1/claims", "step-9", "{\"count\":2,\"run_id\":\"k\",\"min_count\":2,\"wait_ms\":25000}");
        assertEquals(answer.body(), replay.body());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(1, used("k-t-0"));
    }

    @Test
    void a_claim_whose_time_runs_out_answers_empty() {
        ApiClient.Response answer = api.post("/v1/group-claims", "{\"run_id\":\"none\",\"group_size\":2,\"wait_ms\":200}");

        assertEquals(200, answer.status());
        assertEquals(0, answer.json().get("groups").size());
        assertEquals(0, answer.json().get("eligible_tasks").asInt());
    }

    @Test
    void past_the_waiter_limit_a_wait_is_a_503_with_retry_after() throws Exception {
        try (RunningServer small = RunningServer.withMaxWaiters(2)) {
            List<CompletableFuture<ApiClient.Response>> waiting = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                waiting.add(CompletableFuture.supplyAsync(() ->
                        small.api.post("/v1/group-claims", "{\"run_id\":\"full\",\"group_size\":1,\"wait_ms\":25000}")));
            }
            awaitWaiters(small, 2);

            ApiClient.Response refused = small.api.post("/v1/group-claims", "{\"run_id\":\"full\",\"group_size\":1,\"wait_ms\":25000}");

            assertProblem(refused, 503, "too_many_waiters", "wait_ms");
            assertEquals("1", refused.header("Retry-After"));
            assertEquals(201, small.api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"f1\",\"run_id\":\"full\",\"task_id\":\"a\"},"
                    + "{\"trajectory_id\":\"f2\",\"run_id\":\"full\",\"task_id\":\"b\"}]}").status());
            for (CompletableFuture<ApiClient.Response> waiter : waiting) {
                assertEquals(1, within10s(waiter).json().get("groups").size());
            }
        }
    }

    @Test
    void a_stopping_server_answers_its_waiters_at_once() throws Exception {
        CompletableFuture<ApiClient.Response> waiting = CompletableFuture.supplyAsync(() ->
                api.post("/v1/group-claims", "{\"run_id\":\"s\",\"group_size\":2,\"wait_ms\":25000}"));
        awaitWaiters(1);
        long start = System.nanoTime();

        running.close();

        ApiClient.Response answer = within10s(waiting);
        assertEquals(200, answer.status(), answer.body());
        assertEquals(0, answer.json().get("groups").size());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "not held until the wait ran out");
    }

    private void awaitWaiters(int count) throws InterruptedException {
        awaitWaiters(running, count);
    }

    /** Until the server holds {@code count} waiting claims (the requests were sent on other threads). */
    private static void awaitWaiters(RunningServer server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.manager.waitingClaims() < count) {
            assertTrue(System.nanoTime() < deadline, "the requests never started waiting");
            Thread.sleep(10);
        }
    }

    private static void assertProblem(ApiClient.Response response, int status, String code, String field) {
        assertEquals(status, response.status(), response.body());
        assertEquals(code, response.json().get("code").asText(), response.body());
        assertEquals(field, response.json().get("field").asText(), response.body());
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("trajectory_id").asText()));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
